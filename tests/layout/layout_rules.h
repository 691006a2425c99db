#pragma once
// The layout check's rules over one screen's record (<picture>.layout.json,
// written by `kiosk --tour`; see kiosk/app/tour.cpp). Pure functions over the
// JSON, so the rules themselves are tested on small made-up screens.
//
// A screen fails on:
//  - overlap: two touch targets overlap, or a text lies on a target whose
//    label it is not;
//  - clipped: a text is cut without a "…" (texts cut by a scroll region's
//    edge are allowed: the region shows a scroll cue and the rest scrolls in);
//  - outside: anything leaves the window;
//  - band: anything of the screen's body enters the header or footer band
//    (their own content is theirs);
//  - small: a touch target under 15 mm on its shorter side (the panel's
//    pixels per mm come from its configured diagonal); one partly scrolled
//    out of a scroll region is measured whole by its region, not here;
//  - glyph: a character drawn without a glyph (tofu).
// A background target (the touch calibration's measuring area, which takes
// every tap the targets on it do not) is beneath the others by design: it is
// left out of the overlap rule only.
// While an overlay (question card, timeout warning) shows, it covers the
// screen and takes every touch, so only the overlay's own parts are checked.
// Rectangles touching within half a pixel do not overlap.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace kiosk::layoutcheck {

inline constexpr double kMinTargetMm = 15.0;
inline constexpr double kTolerance = 0.5;  // px: anti-aliasing and rounding

struct Box {
    double x0, y0, x1, y1;
    static Box of(const nlohmann::json& r) { return {r[0].get<double>(), r[1].get<double>(), r[2].get<double>(), r[3].get<double>()}; }
    bool overlaps(const Box& o) const {
        return std::min(x1, o.x1) - std::max(x0, o.x0) > kTolerance && std::min(y1, o.y1) - std::max(y0, o.y0) > kTolerance;
    }
    std::string str() const {
        char b[96];
        std::snprintf(b, sizeof b, "[%.0f,%.0f %.0fx%.0f]", x0, y0, x1 - x0, y1 - y0);
        return b;
    }
};

struct Element {
    std::string what;  // "target menu.exit" / "text \"...\""
    Box box;
    std::string band;
};

inline std::string quoted(const std::string& text) {
    std::string q = text.size() > 60 ? text.substr(0, 60) + "..." : text;
    return "\"" + q + "\"";
}

// Every violation on one screen, one line each.
inline std::vector<std::string> check(const nlohmann::json& doc) {
    std::vector<std::string> out;
    const double w = doc["display"][0].get<double>(), h = doc["display"][1].get<double>();
    const double headerBottom = doc["header"][1].get<double>(), footerTop = doc["footer"][0].get<double>();
    const double minSide = kMinTargetMm * doc["pxPerMm"].get<double>();
    bool overlay = false;
    for (const auto& t : doc["targets"]) overlay |= t["band"] == "overlay";
    for (const auto& t : doc["texts"]) overlay |= t["band"] == "overlay";
    auto shown = [&](const nlohmann::json& e) { return !overlay || e["band"] == "overlay"; };

    std::vector<Element> targets, texts;
    std::vector<std::string> owners;
    std::vector<Element> backgrounds;
    for (const auto& t : doc["targets"])
        if (shown(t))
            (t.value("background", false) ? backgrounds : targets)
                .push_back({"target " + t["id"].get<std::string>(), Box::of(t["rect"]), t["band"]});
    for (const auto& t : doc["texts"])
        if (shown(t)) {
            texts.push_back({"text " + quoted(t["text"]), Box::of(t["rect"]), t["band"]});
            owners.push_back(t["owner"]);
        }

    for (size_t i = 0; i < targets.size(); ++i)
        for (size_t j = i + 1; j < targets.size(); ++j)
            if (targets[i].box.overlaps(targets[j].box))
                out.push_back("overlap: " + targets[i].what + " " + targets[i].box.str() + " and " + targets[j].what + " " +
                              targets[j].box.str());
    for (size_t i = 0; i < texts.size(); ++i)
        for (const Element& t : targets)
            if (t.what != "target " + owners[i] && texts[i].box.overlaps(t.box))
                out.push_back("overlap: " + texts[i].what + " " + texts[i].box.str() + " on " + t.what + " " + t.box.str() +
                              (owners[i].empty() ? std::string() : " (it is the label of " + owners[i] + ")"));

    size_t textIndex = 0;
    for (const auto& t : doc["texts"]) {
        if (!shown(t)) continue;
        const Element& e = texts[textIndex++];
        if (t["clipped"].get<bool>() && !t["ellipsis"].get<bool>() && !t["scrolled"].get<bool>())
            out.push_back("clipped: " + e.what + " " + e.box.str() + " is cut without an ellipsis");
        if (!t["missingGlyphs"].get<std::string>().empty())
            out.push_back("glyph: " + e.what + " has no glyph for \"" + t["missingGlyphs"].get<std::string>() + "\"");
    }
    auto place = [&](const Element& e) {
        const Box& b = e.box;
        if (b.x0 < -kTolerance || b.y0 < -kTolerance || b.x1 > w + kTolerance || b.y1 > h + kTolerance)
            out.push_back("outside: " + e.what + " " + b.str() + " leaves the window");
        const Box header{0, 0, w, headerBottom}, footer{0, footerTop, w, h};
        if (e.band == "body" && headerBottom > 0 && b.overlaps(header))
            out.push_back("band: " + e.what + " " + b.str() + " enters the header band " + header.str());
        if (e.band == "body" && footerTop < h && b.overlaps(footer))
            out.push_back("band: " + e.what + " " + b.str() + " enters the footer band " + footer.str());
        if (e.band == "header" && b.y1 > headerBottom + kTolerance)
            out.push_back("band: " + e.what + " " + b.str() + " of the header leaves its band " + header.str());
        if (e.band == "footer" && b.y0 < footerTop - kTolerance)
            out.push_back("band: " + e.what + " " + b.str() + " of the footer leaves its band " + footer.str());
    };
    for (const Element& e : targets) place(e);
    for (const Element& e : backgrounds) place(e);
    for (const Element& e : texts) place(e);
    std::set<std::string> scrolled;
    for (const auto& t : doc["targets"])
        if (t.value("scrolled", false)) scrolled.insert("target " + t["id"].get<std::string>());
    for (const Element& e : targets) {
        if (scrolled.count(e.what)) continue;
        const double side = std::min(e.box.x1 - e.box.x0, e.box.y1 - e.box.y0);
        if (side + kTolerance < minSide) {
            char b[64];
            std::snprintf(b, sizeof b, " is %.1f mm, under %.0f mm", side / doc["pxPerMm"].get<double>(), kMinTargetMm);
            out.push_back("small: " + e.what + " " + e.box.str() + b);
        }
    }
    return out;
}

}  // namespace kiosk::layoutcheck
