#include "kiosk/app/tour.h"

#include <filesystem>
#include <functional>
#include <vector>

#include "kiosk/app/tour_central.h"
#include "kiosk/core/log.h"
#include "screens/flows/service_flows.h"

namespace kiosk {
namespace {

struct TourStep {
    const char* name;
    std::function<void(App&)> enter;  // brings the app to the screen
};

// The tour's central service (runTour sets it on the session).
TourCentral& tourCentral(App& app) { return *static_cast<TourCentral*>(app.flow().central()); }

// Identified as someone else: a keyed-in number with no records and no snapshot.
void identifyStranger(App& app) {
    Identity id;
    id.source = IdentitySource::KeyedIn;
    id.idNumber = Personal("330106199003070014");
    app.flow().identify(std::move(id));
}

std::vector<TourStep> tourSteps() {
    auto demoIdentity = [](App& app) {
        Identity id;
        id.source = IdentitySource::Demo;
        id.name = Personal("张三");
        id.idNumber = Personal("11010519491231002X");
        app.flow().identify(std::move(id));
    };
    std::vector<TourStep> steps = {
        {"attract", [](App&) {}},
        {"identify", [](App& app) { app.flow().start(); }},
        {"identify-card-expired", [](App& app) { app.flow().refuseCard(i18nKey("identify.card_expired")); }},
        {"id-entry", [](App& app) {
             app.flow().chooseKeyIn();
             for (char c : std::string("33010619900101121")) app.flow().keypadPress(c);
         }},
        {"id-entry-error", [](App& app) {
             app.flow().keypadPress('9');
             app.flow().submitKeyedNumber();
         }},
        {"menu", [demoIdentity](App& app) { demoIdentity(app); }},
        {"menu-unavailable", [](App& app) { app.config().service(ServiceId::Marriage).enabled = false; }},
    };
    for (ServiceId id : kAllServices) {
        steps.push_back({nullptr, [id](App& app) {
                             app.config().service(ServiceId::Marriage).enabled = true;
                             app.flow().home();
                             app.flow().chooseService(id);
                         }});
    }
    // balances
    steps.push_back({"balances", [demoIdentity](App& app) {
                         tourCentral(app).setOnline(true);
                         demoIdentity(app);
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balance-detail", [](App& app) { app.flow().services().balances.select(0); }});
    steps.push_back({"balances-offline-snapshot", [](App& app) {
                         tourCentral(app).setOnline(false);
                         app.flow().home();
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balances-offline-none", [](App& app) {
                         identifyStranger(app);
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balances-no-records", [](App& app) {
                         tourCentral(app).setOnline(true);
                         tourCentral(app).failNextQuery(404);
                         app.flow().services().balances.retry();
                     }});
    // assistance
    // marriage
    // status
    steps.push_back({"done", [demoIdentity](App& app) {
                         tourCentral(app).setOnline(true);
                         demoIdentity(app);
                         app.flow().showResult(ScreenId::Done);
                     }});
    steps.push_back({"timeout-warning", [](App& app) {
                         // Move the inactivity timer into its warning phase by
                         // shortening the limits rather than waiting.
                         app.inactivity().setLimits(std::chrono::seconds(0), std::chrono::seconds(3600));
                     }});
    return steps;
}

}  // namespace

int runTour(const KioskConfig& config, const std::string& assetsDir, const std::string& dir) {
    std::filesystem::create_directories(dir);
    // The tour shows the voice controls but never speaks: SDL's dummy audio
    // driver takes the prompts and discards them.
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    struct Orientation { const char* name; int w, h; };
    const Orientation orientations[] = {{"landscape", 1920, 1080}, {"portrait", 1080, 1920}};
    SystemClock clock;
    int written = 0;
    for (auto& o : orientations) {
        App app(config, clock);
        PlatformOptions options;
        options.width = o.w;
        options.height = o.h;
        options.offscreen = true;
        if (auto err = app.start(assetsDir, options)) {
            KLOG_ERROR("tour: cannot start the app: {}", *err);
            return -1;
        }
        TourCentral central(app.runQueue(), assetsDir + "/demo/tour");
        app.flow().setCentral(&central);
        struct Mode { const char* suffix; Accessibility a; };
        const Mode modes[] = {{"", {false, false}}, {"-large", {true, false}}, {"-contrast", {false, true}}};
        for (const Mode& mode : modes)
        for (Language lang : kAllLanguages) {
            app.flow().endSession();
            app.inactivity().setLimits(std::chrono::seconds(app.config().session.inactivitySeconds),
                                       std::chrono::seconds(app.config().session.warningSeconds));
            app.inactivity().touch();
            int index = 0;
            for (auto& step : tourSteps()) {
                step.enter(app);
                app.flow().setLanguage(lang);
                app.flow().setLargeText(mode.a.largeText);
                app.flow().setHighContrast(mode.a.highContrast);
                std::string name = step.name ? step.name
                                             : "service-" + std::string(serviceName(*app.flow().data().service));
                // Two frames: the first lays out, the second is what a person sees.
                app.frame();
                Image image;
                app.frame(nullptr, &image);
                char prefix[96];
                snprintf(prefix, sizeof prefix, "%s-%s%s-%02d-", o.name, std::string(languageTag(lang)).c_str(), mode.suffix,
                         ++index);
                std::string path = dir + "/" + prefix + name + ".png";
                if (image.width != o.w || image.height != o.h) {
                    KLOG_ERROR("tour: {} rendered at {}x{}, expected {}x{}", path, image.width, image.height, o.w, o.h);
                    return -1;
                }
                if (!image.writePng(path)) {
                    KLOG_ERROR("tour: cannot write {}", path);
                    return -1;
                }
                ++written;
            }
        }
        app.flow().endSession();
    }
    return written;
}

}  // namespace kiosk
