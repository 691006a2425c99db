// The sync engine over HTTPS: kiosk-central started with --cert/--key (a
// self-signed certificate made at test time with OpenSSL), TLS verification
// on, the CA file configured. A wrong CA, or none (the system store), is a
// clear transport error: nothing is sent, the item waits.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using nlohmann::json;

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct FileClose {
    void operator()(FILE* f) const { std::fclose(f); }
};

bool addExtension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) return false;
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A self-signed P-256 certificate for 127.0.0.1 and localhost, valid for a
// day, written as PEM to certPath and keyPath. It is its own CA.
bool makeSelfSigned(const std::string& certPath, const std::string& keyPath, const std::string& commonName) {
    std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
    std::unique_ptr<X509, X509Free> cert(X509_new());
    if (!key || !cert) return false;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !addExtension(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") ||
        !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return false;
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
    std::unique_ptr<FILE, FileClose> c(std::fopen(certPath.c_str(), "w"));
    std::unique_ptr<FILE, FileClose> k(std::fopen(keyPath.c_str(), "w"));
    if (!c || !k) return false;
    return PEM_write_X509(c.get(), cert.get()) == 1 &&
           PEM_write_PrivateKey(k.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
}

constexpr const char* kResident = "330102194803161004";

OutboxRequest application(const std::string& clientRef) {
    json body{{"type", "dibao"},
              {"applicant", {{"name", "张秀英"}, {"idNumber", kResident}, {"phone", "13900000000"}}},
              {"consent", true},
              {"documents", json::array()},
              {"clientReference", clientRef}};
    return {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
            Personal(body.dump())};
}

// One self-signed pair for the server, another that is not its CA.
class Certificates {
public:
    Certificates() {
        ok_ = makeSelfSigned(dir_.file("central.pem"), dir_.file("central.key"), "kiosk-central test") &&
              makeSelfSigned(dir_.file("other.pem"), dir_.file("other.key"), "some other CA");
    }
    bool ok() const { return ok_; }
    std::string cert() const { return dir_.file("central.pem"); }
    std::string key() const { return dir_.file("central.key"); }
    std::string otherCa() const { return dir_.file("other.pem"); }

private:
    TempDir dir_;
    bool ok_ = false;
};

class TlsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(certs.ok()) << "could not create the test certificates";
        central = std::make_unique<CentralProcess>(std::vector<std::string>{"--cert", certs.cert(), "--key", certs.key()});
        ASSERT_GT(central->port(), 0) << "kiosk-central did not start with TLS";
        auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
        ASSERT_TRUE(s.ok());
        store = std::move(s.value());
    }
    std::string httpsUrl() const { return "https://127.0.0.1:" + std::to_string(central->port()); }
    SyncConfig config(const std::string& caFile) const {
        SyncConfig c;
        c.baseUrl = httpsUrl();
        c.kioskId = "kiosk-demo-01";
        c.token = "demo-token";
        c.http.caFile = caFile;
        c.http.timeoutMs = 10000;
        c.backoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
        c.referencePaths = {};
        return c;
    }
    // The server's counters, over HTTPS with the right CA.
    json stats() {
        HttpClient http({certs.cert()});
        HttpRequest req;
        req.url = httpsUrl() + "/admin/stats";
        req.headers = {{"Authorization", std::string("Bearer ") + central->adminToken()}};
        auto r = http.perform(req);
        return json::parse(r.body.reveal(), nullptr, false);
    }

    Certificates certs;
    TempDir dir;
    ManualClock clock;
    std::unique_ptr<CentralProcess> central;
    std::unique_ptr<Store> store;
};

}  // namespace

TEST_F(TlsTest, DeliversOverHttpsWithTheConfiguredCa) {
    auto item = store->enqueue(application("tls-ok")).value();
    SyncEngine engine(*store, config(certs.cert()), clock);
    auto summary = engine.runOnce();
    EXPECT_EQ(summary.acknowledged, 1);
    EXPECT_FALSE(summary.stoppedOnFailure);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
    EXPECT_TRUE(engine.status().online);
    EXPECT_EQ(engine.status().lastError, "");
    EXPECT_EQ(json::parse(store->response(item.id).value().reveal())["status"], "submitted");
    EXPECT_EQ(stats()["applications"], 1);
}

TEST_F(TlsTest, WrongCaIsAClearErrorAndNothingIsSent) {
    auto item = store->enqueue(application("tls-wrong-ca")).value();
    SyncEngine engine(*store, config(certs.otherCa()), clock);
    auto summary = engine.runOnce();
    EXPECT_TRUE(summary.stoppedOnFailure);
    EXPECT_EQ(summary.acknowledged, 0);
    auto it = store->item(item.id).value();
    EXPECT_EQ(it.state, OutboxState::Pending);  // kept: not the submission's fault
    EXPECT_EQ(it.httpStatus, 0);
    auto status = engine.status();
    EXPECT_FALSE(status.online);
    // e.g. "network: SSL peer certificate or SSH remote key was not OK
    //       (SSL certificate problem: self-signed certificate)"
    EXPECT_NE(status.lastError.find("network:"), std::string::npos) << status.lastError;
    EXPECT_NE(status.lastError.find("certificate"), std::string::npos) << status.lastError;
    EXPECT_NE(it.lastError.find("certificate"), std::string::npos) << it.lastError;
    EXPECT_EQ(stats()["requests"], 0);  // the handshake failed before any request

    // Without a CA file the system store is used: the private CA is not in it.
    SyncEngine systemCa(*store, config(""), clock);
    clock.advance(std::chrono::seconds(5));
    EXPECT_TRUE(systemCa.runOnce().stoppedOnFailure);
    EXPECT_NE(systemCa.status().lastError.find("certificate"), std::string::npos) << systemCa.status().lastError;

    // Fixing the CA delivers the same item, once.
    SyncEngine fixed(*store, config(certs.cert()), clock);
    clock.advance(std::chrono::seconds(5));
    EXPECT_EQ(fixed.runOnce().acknowledged, 1);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
    EXPECT_EQ(stats()["applications"], 1);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortIsNotAnAnswer) {
    auto item = store->enqueue(application("tls-plain")).value();
    SyncConfig c = config(certs.cert());
    c.baseUrl = "http://127.0.0.1:" + std::to_string(central->port());
    SyncEngine engine(*store, c, clock);
    EXPECT_TRUE(engine.runOnce().stoppedOnFailure);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Pending);
}

TEST(TlsStartup, UnusableCertificateStopsTheServerWithAMessage) {
    TempDir dir;
    std::FILE* f = std::fopen(dir.file("bad.pem").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("not a certificate\n", f);
    std::fclose(f);
    std::string cmd = std::string(KIOSK_CENTRAL_BIN) + " --port 0 --kiosk k:t --cert " + dir.file("bad.pem") + " --key " +
                      dir.file("bad.pem") + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    int status = pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << out;
    EXPECT_NE(out.find("TLS certificate"), std::string::npos) << out;
    EXPECT_EQ(out.find("listening"), std::string::npos) << out;
}
