// fleet: the maintainer's fleet page, served by kiosk-central at /admin/fleet
// (central/fleet.h). Plain HTML and a little JS over the /admin JSON API,
// after signing in at /admin/login (the session cookie travels with every
// fetch; the token never appears in a URL); ?refresh=MS sets the refresh
// period. Served with a CSP nonce on its <script> and <style> (admin_auth.h):
// no inline event handlers, no other sources.
#include "central/fleet.h"

namespace kiosk::central {

const char* const kFleetPage = R"HTML(
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kiosk fleet</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; font-size: 14px; }
th { background: #f0f0f0; }
tr.online td.state { color: #0a6b2a; font-weight: bold; }
tr.offline td.state { color: #b00020; font-weight: bold; }
tr.offline { background: #fff4f4; }
td.health-unhealthy { color: #b00020; } td.health-degraded { color: #a05a00; }
fieldset { margin-top: 1em; } textarea { width: 100%; height: 6em; font-family: monospace; }
#status { margin-top: 1em; font-family: monospace; white-space: pre-wrap; }
#status.error { color: #b00020; font-weight: bold; }
#sign-out-form { float: right; }
</style>
</head>
<body>
<form method="post" action="/admin/session/end" id="sign-out-form"><button id="sign-out">Sign out</button></form>
<h1>Kiosk fleet</h1>
<p>Server time <span id="server-time">-</span>; <span id="summary">loading</span>. A kiosk is offline when no heartbeat came for three of its periods.</p>
<table id="fleet">
<thead><tr><th><input type="checkbox" id="select-all" title="all"></th><th>Kiosk</th><th>State</th><th>Version</th><th>Health</th>
<th>Queue</th><th>Config</th><th>Last heartbeat</th><th>Problems</th></tr></thead>
<tbody id="kiosks"></tbody>
</table>

<fieldset><legend>Send signed commands (tools/kioskctl sign-command --key KEY --kiosk ID NAME [ARGS]; kiosks run nothing unsigned)</legend>
<textarea id="signed-command" placeholder='{"format": "kiosk-command/1", "kioskId": "kiosk-demo-01", "command": "notice", ...} (one per line; one signed for "*" goes to the selected kiosks)'></textarea>
<button id="send-command">Send</button>
</fieldset>

<fieldset><legend>Push a signed config (tools/kioskctl sign-config FILE --key KEY --kiosk ID --version N)</legend>
<textarea id="config" placeholder='{"format": "kiosk-config/1", ...}'></textarea>
<button id="push-config">Push</button>
</fieldset>

<fieldset><legend>Roll out an update (tools/kioskctl release prints the commit)</legend>
<input id="commit" size="70" placeholder="OSTree commit (64 hex)">
<input id="ref" size="16" value="kiosk/stable"> <input id="url" size="20" value="/ostree">
<button id="rollout-selected">To the selected kiosks</button> <button id="rollout-all">To all kiosks</button>
</fieldset>
<div id="status"></div>

<script>
"use strict";
const params = new URLSearchParams(location.search);
const refreshMs = Number(params.get("refresh") || 5000);
const selected = new Set();

function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { "Content-Type": "application/json" } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(path, init).then(r => r.text().then(t => {
    let j = null; try { j = JSON.parse(t); } catch (e) {}
    if (r.status === 401) { location.href = "/admin/login"; }
    if (!r.ok) throw new Error(method + " " + path + ": " + r.status + " " + (j && j.title ? j.title + (j.detail ? " (" + j.detail + ")" : "") : t));
    return j;
  }));
}
// The feedback line; class "error" (red) when the action was refused and nothing changed.
function say(text, error) { const s = document.getElementById("status"); s.textContent = text; s.className = error ? "error" : "ok"; }
function fail(e) { say(String(e), true); }
function cell(row, cls, text) { const td = document.createElement("td"); td.className = cls; td.textContent = text; row.appendChild(td); return td; }
function age(s) { return s < 0 ? "never" : s < 120 ? s.toFixed(0) + " s ago" : (s / 60).toFixed(0) + " min ago"; }

function render(data) {
  document.getElementById("server-time").textContent = data.serverTime;
  const body = document.getElementById("kiosks");
  body.textContent = "";
  let online = 0;
  for (const k of data.kiosks) {
    if (k.online) online++;
    const row = document.createElement("tr");
    row.id = "kiosk-" + k.kioskId;
    row.className = k.online ? "online" : "offline";
    row.dataset.state = k.online ? "online" : "offline";
    const td = document.createElement("td");
    const box = document.createElement("input");
    box.type = "checkbox"; box.checked = selected.has(k.kioskId);
    box.onchange = () => { box.checked ? selected.add(k.kioskId) : selected.delete(k.kioskId); };
    td.appendChild(box); row.appendChild(td);
    cell(row, "id", k.kioskId);
    cell(row, "state", k.online ? "online" : "offline");
    cell(row, "version", (k.version || "-") + (k.deployment && k.deployment !== "factory" ? " @" + k.deployment.slice(0, 8) : ""));
    cell(row, "health health-" + (k.health || "unknown"), k.health || "-");
    cell(row, "queue", k.queueDepth === null || k.queueDepth === undefined ? "-" : String(k.queueDepth));
    let config = String(k.configVersion || 0);
    const c = (k.heartbeat || {}).config || {};
    if (c.trial) config += " (v" + c.trial + " on trial)";
    if (c.rolledBack) config += " (v" + c.rolledBack.version + " rolled back)";
    if (c.refused) config += " (v" + c.refused.version + " refused)";
    cell(row, "config", config);
    cell(row, "last", age(k.ageSeconds));
    const hb = k.heartbeat || {};
    const problems = [];
    for (const [d, s] of Object.entries(hb.devices || {})) if (s !== "ok" && s !== "none") problems.push(d + ": " + s);
    if (hb.maintenance) problems.push("maintenance");
    for (const s of hb.servicesOff || []) problems.push(s + " off");
    for (const e of (hb.lastErrors || []).slice(-2)) problems.push(e);
    cell(row, "problems", problems.join("; "));
    body.appendChild(row);
  }
  document.getElementById("summary").textContent = data.kiosks.length + " kiosks, " + online + " online";
}

function refresh() {
  return api("GET", "/admin/fleet/kiosks").then(render).catch(fail);
}
function targets() {
  if (selected.size === 0) { say("select kiosks first", true); return null; }
  return Array.from(selected);
}

document.getElementById("select-all").onchange = e => {
  for (const row of document.querySelectorAll("#kiosks tr")) {
    const id = row.id.slice("kiosk-".length);
    e.target.checked ? selected.add(id) : selected.delete(id);
  }
  refresh();
};
// The kiosk checks the signature, the kiosk id, the expiry and the nonce
// (kiosk/remote/signed_command.h); the page checks the shape, so that a paste
// that is not a signed command is not queued, and the maintainer learns now.
function signedCommands(text) {
  const lines = text.split("\n").map(l => l.trim()).filter(l => l);
  if (lines.length === 0) return { error: "paste signed commands (tools/kioskctl sign-command prints one)" };
  const out = [];
  for (const line of lines) {
    let e = null; try { e = JSON.parse(line); } catch (x) {}
    if (!e || typeof e !== "object" || e.format !== "kiosk-command/1" || typeof e.command !== "string" ||
        typeof e.kioskId !== "string" || typeof e.signature !== "string")
      return { error: "not a signed command (tools/kioskctl sign-command prints one): " + line.slice(0, 60) };
    if (typeof e.expires === "number" && e.expires * 1000 < Date.now())
      return { error: e.command + " for " + e.kioskId + " has expired; sign it again" };
    out.push(e);
  }
  return { commands: out };
}
document.getElementById("send-command").onclick = () => {
  const parsed = signedCommands(document.getElementById("signed-command").value);
  if (parsed.error) { say(parsed.error, true); return; }
  const posts = [];
  for (const e of parsed.commands) {
    let ks = [e.kioskId];
    if (e.kioskId === "*") { ks = targets(); if (!ks) return; }
    for (const k of ks) posts.push([k, e]);
  }
  // The envelope travels as the command's args; the central relays it as it is.
  // One after another: a kiosk runs its commands in the order they were
  // queued, so they are queued in the order they were pasted.
  const done = [];
  posts.reduce((chain, [k, e]) => chain.then(() =>
      api("POST", "/admin/kiosks/" + encodeURIComponent(k) + "/commands", { command: e.command, args: e })
        .then(r => done.push(e.command + " for " + k + " (id " + r.id + ")"))), Promise.resolve())
    .then(() => say("queued " + done.join(", ")))
    .catch(fail);
};
document.getElementById("push-config").onclick = () => {
  api("POST", "/admin/config", document.getElementById("config").value)
    .then(r => say("config version " + r.version + " pushed for " + r.kioskId)).catch(fail);
};
function rollout(ks) {
  const body = { commit: document.getElementById("commit").value.trim() };
  // Checked here too (the server checks it against the contract): the maintainer learns at once.
  if (!/^[0-9a-f]{64}$/.test(body.commit)) { say("the commit is 64 hex digits (tools/kioskctl release prints it)", true); return; }
  // Empty ref or url: the server's defaults (kiosk/stable, /ostree), not "".
  for (const f of ["ref", "url"]) { const v = document.getElementById(f).value.trim(); if (v) body[f] = v; }
  if (ks) body.kiosks = ks;
  api("POST", "/admin/updates", body).then(r => say("release " + r.published + " published for " + r.kiosks.join(", ")))
    .catch(fail);
}
document.getElementById("rollout-selected").onclick = () => { const ks = targets(); if (ks) rollout(ks); };
document.getElementById("rollout-all").onclick = () => rollout(null);

refresh();
setInterval(refresh, refreshMs);
</script>
</body>
</html>
)HTML";

}  // namespace kiosk::central
