// issue #13: the kiosk's trust boundaries that are not about parsing.
// - Plain http:// to a central that is not this machine is refused by the
//   config (naming the key) and by both HTTP clients (defence in depth).
// - Answers over the HTTP client's cap are refused, not buffered.
// - A remote config overlay may set only allowlisted keys.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "kiosk/core/config.h"
#include "kiosk/core/url_policy.h"
#include "kiosk/remote/fleet_agent.h"
#include "kiosk/remote/remote_config.h"
#include "offline-cache/http_client.h"
#include "tests/data/test_support.h"

namespace {

using json = nlohmann::json;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;

TEST(PlainHttp, TheConfigRefusesPlainHttpToAnotherMachineNamingTheKey) {
    for (const char* url : {"http://central.example", "http://10.0.0.5:8480", "http://127.0.0.1.evil.example",
                            "http://localhost.evil.example/", "http://user@127.0.0.1@evil.example", "ftp://127.0.0.1",
                            "http://[2001:db8::1]:80", "http://127.1"}) {
        SCOPED_TRACE(url);
        auto cfg = kiosk::parseConfig(std::string("[central]\nurl = \"") + url + "\"\ndata_dir = \"/tmp/x\"\n");
        ASSERT_FALSE(cfg);
        EXPECT_EQ(cfg.error().key, "central.url");
        EXPECT_NE(cfg.error().message.find("https://"), std::string::npos);
    }
    for (const char* url : {"https://central.example", "HTTPS://central.example:8443/base", "http://127.0.0.1:8480",
                            "http://127.10.20.30", "http://localhost:8480/", "http://[::1]:8480"}) {
        SCOPED_TRACE(url);
        auto cfg = kiosk::parseConfig(std::string("[central]\nurl = \"") + url + "\"\ndata_dir = \"/tmp/x\"\n");
        EXPECT_TRUE(cfg) << cfg.error().describe();
    }
}

TEST(PlainHttp, TheHttpClientsRefuseItBeforeSendingAnything) {
    kiosk::offline::HttpClient http({});
    std::string secret = "330106199003070014";
    kiosk::offline::HttpRequest req;
    req.method = "POST";
    req.url = "http://192.0.2.1:9/api/v1/balances/query";  // TEST-NET: nothing there anyway
    req.body = &secret;
    auto r = http.perform(req);
    EXPECT_TRUE(r.refused);
    EXPECT_TRUE(r.transportError);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.transportMessage.find("https://"), std::string::npos);

    // The fleet agent's own client too: the error reaches the heartbeat's lastErrors.
    struct Host : kiosk::remote::FleetHost {
        kiosk::remote::HostHealth health() override { return {}; }
        kiosk::remote::CommandResult syncNow() override { return {}; }
        kiosk::remote::CommandResult setMaintenance(bool) override { return {}; }
        kiosk::remote::CommandResult setService(const std::string&, bool, const std::string&) override { return {}; }
        kiosk::remote::CommandResult setNotice(const std::string&) override { return {}; }
        void restart() override {}
    } host;
    TempDir dir;
    kiosk::remote::FleetOptions o;
    o.centralUrl = "http://192.0.2.1:9";
    o.kioskId = "kiosk-demo-01";
    o.token = "demo-token";
    o.stateDir = dir.path();
    kiosk::remote::FleetAgent agent(o, host, nullptr);
    agent.runOnce();
    EXPECT_EQ(agent.heartbeatsSent(), 0);
    auto body = json::parse(agent.heartbeatBody({}));
    EXPECT_NE(body["lastErrors"].dump().find("refused: plain http://"), std::string::npos) << body["lastErrors"];
}

TEST(AnswerSize, AnAnswerOverTheCapIsRefusedNotBuffered) {
    httplib::Server server;
    server.set_write_timeout(1, 0);  // the kiosk hangs up mid-answer: do not wait 5 s for it at stop()
    server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(3 * 1024 * 1024, 'a'), "application/json");
    });
    server.Get("/small", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(1000, 'a'), "application/json");
    });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread t([&] { server.listen_after_bind(); });
    ASSERT_TRUE(waitFor([&] { return server.is_running(); }));
    kiosk::offline::HttpOptions options;
    options.maxBodyBytes = 1024 * 1024;
    kiosk::offline::HttpClient http(options);
    kiosk::offline::HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/big";
    auto big = http.perform(req);
    EXPECT_TRUE(big.tooLarge);
    EXPECT_TRUE(big.transportError);
    EXPECT_EQ(big.status, 200);
    EXPECT_TRUE(big.body.empty());
    EXPECT_NE(big.transportMessage.find("larger than 1048576 bytes"), std::string::npos);
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/small";  // the same client, still usable
    auto small = http.perform(req);
    EXPECT_FALSE(small.tooLarge);
    EXPECT_EQ(small.status, 200);
    EXPECT_EQ(small.body.reveal().size(), 1000u);
    server.stop();
    t.join();
}

TEST(ConfigAllowlist, KeysOffTheAllowlistRefuseTheWholeOverlayNamingTheKey) {
    const std::string base = "kiosk_id = \"kiosk-demo-01\"\n";
    for (const auto& [overlay, key] : std::vector<std::pair<std::string, std::string>>{
             {"[idcard]\nphoto_library = \"/tmp/evil.so\"\n", "idcard.photo_library"},
             {"idcard = { photo_library = \"/tmp/evil.so\" }\n", "idcard.photo_library"},
             {"[codes]\npublic_keys = []\n", "codes.public_keys"},
             {"demo = true\n", "demo"},
             {"assets_dir = \"/tmp\"\n", "assets_dir"},
             {"kiosk_id = \"kiosk-other\"\n", "kiosk_id"},
             {"[central]\nurl = \"https://elsewhere.example\"\n", "central.url"},
             {"[central]\ntoken = \"stolen\"\n", "central.token"},
             {"[fleet]\nconfig_keys = []\n", "fleet.config_keys"},
             {"[printer]\noutput_dir = \"/tmp/receipts\"\n", "printer.output_dir"},
             {"[maintenance]\nexport_dir = \"/tmp/logs\"\n", "maintenance.export_dir"},
             {"[scanner]\nfolder = \"/tmp/pages\"\n", "scanner.folder"},
             {"[voice]\nvolume = 10\n[codes]\nfolder = \"/tmp/frames\"\n", "codes.folder"},
         }) {
        SCOPED_TRACE(overlay);
        auto merged = kiosk::remote::mergeConfig(base, overlay);
        ASSERT_FALSE(merged);
        EXPECT_EQ(merged.error().reason, kiosk::remote::ConfigRefusal::Forbidden);
        EXPECT_EQ(merged.error().detail.rfind(key + ":", 0), 0u) << merged.error().describe();
    }
    // What a hall needs to change from afar is allowed.
    auto ok = kiosk::remote::mergeConfig(base, R"(language = "en"
log_level = "debug"
[display]
orientation = "portrait"
[session]
inactivity_seconds = 120
[identity]
resident_key_in = true
[voice]
volume = 40
[services.marriage]
enabled = false
unavailable_reason = "maintenance"
[idcard]
device = "/dev/ttyUSB1"
[printer]
device = "/dev/usb/lp1"
[codes]
source = "serial"
device = "/dev/ttyACM0"
)");
    ASSERT_TRUE(ok) << ok.error().describe();
    EXPECT_EQ(ok.value().idcard.device, "/dev/ttyUSB1");
    EXPECT_FALSE(ok.value().service(kiosk::ServiceId::Marriage).enabled);
}

}  // namespace
