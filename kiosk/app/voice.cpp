#include "kiosk/app/voice.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/log.h"

namespace kiosk {
namespace {

std::mutex espeakMutex;  // espeak-ng is a single global synthesiser
int espeakRate = 0;      // 0: not initialised yet, <0: failed
std::vector<int16_t>* capture = nullptr;

int onSynth(short* wav, int count, espeak_EVENT*) {
    if (wav && capture) capture->insert(capture->end(), wav, wav + count);
    return 0;
}

}  // namespace

double SpeechAudio::rms() const {
    if (samples.empty()) return 0;
    double sum = 0;
    for (int16_t s : samples) sum += static_cast<double>(s) * s;
    return std::sqrt(sum / samples.size());
}

std::optional<std::string> synthesizeSpeech(const KioskConfig::Voice& voice, Language lang, const std::string& text,
                                            SpeechAudio& out) {
    std::lock_guard lock(espeakMutex);
    if (espeakRate == 0) {
        espeakRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
        if (espeakRate > 0) espeak_SetSynthCallback(onSynth);
        else espeakRate = -1;
    }
    if (espeakRate < 0) return std::string("espeak-ng could not start (is espeak-ng-data installed?)");
    const std::string& name = lang == Language::ZhCN ? voice.zhVoice : voice.enVoice;
    if (espeak_SetVoiceByName(name.c_str()) != EE_OK) return "espeak-ng has no voice '" + name + "'";
    out.samples.clear();
    out.sampleRate = espeakRate;
    capture = &out.samples;
    espeak_ERROR rc = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    espeak_Synchronize();
    capture = nullptr;
    if (rc != EE_OK) return std::string("espeak-ng could not synthesise the prompt");
    return std::nullopt;
}

VoiceGuide::~VoiceGuide() { shutdown(); }

void VoiceGuide::shutdown() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    started_ = false;
}

void VoiceGuide::start(const KioskConfig::Voice& voice) {
    if (!voice.enabled || started_) return;
    options_ = voice;
    volume_ = voice.volume;
    started_ = true;
    worker_ = std::thread([this] { run(); });
}

void VoiceGuide::say(Language lang, std::string text) {
    if (!started_) return;
    {
        std::lock_guard lock(mutex_);
        pending_ = std::make_pair(lang, std::move(text));
        stopPlayback_ = true;
    }
    wake_.notify_all();
}

void VoiceGuide::stop() {
    {
        std::lock_guard lock(mutex_);
        pending_.reset();
        stopPlayback_ = true;
    }
    wake_.notify_all();
}

void VoiceGuide::setVolume(int volume) {
    std::lock_guard lock(mutex_);
    volume_ = std::clamp(volume, 0, 100);
}

int VoiceGuide::volume() const {
    std::lock_guard lock(mutex_);
    return volume_;
}

void VoiceGuide::run() {
    // The audio device is opened here, off the UI thread: with no sound card
    // or no sound server this may fail (or take a moment) and must not stall
    // the screen. And only for the first prompt: the idle attract screen is
    // silent, and SDL's audio brings ALSA's configuration parsing at start
    // and a hotplug thread that wakes every 100 ms and that SDL_Quit() waits
    // for (up to 100 ms at exit) (#17).
    SDL_AudioDeviceID device = 0;
    bool opened = false;
    auto open = [&] {
        opened = true;
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
            SDL_AudioSpec want{}, have{};
            want.freq = 22050;
            want.format = AUDIO_S16SYS;
            want.channels = 1;
            want.samples = 1024;
            device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
        }
        if (!device) KLOG_WARN("no audio device ({}): voice guidance stays silent", SDL_GetError());
    };

    for (;;) {
        std::pair<Language, std::string> request;
        int volume;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return quit_ || pending_ || stopPlayback_; });
            if (quit_) break;
            if (stopPlayback_ && device) SDL_ClearQueuedAudio(device);
            stopPlayback_ = false;
            if (!pending_) continue;
            request = std::move(*pending_);
            pending_.reset();
            volume = volume_;
        }
        if (!opened) open();
        if (!device) continue;
        SpeechAudio audio;
        if (auto err = synthesizeSpeech(options_, request.first, request.second, audio)) {
            KLOG_WARN("voice guidance: {}", *err);
            continue;
        }
        // Volume as a perceptual curve: half the slider is about half as loud.
        double gain = std::pow(volume / 100.0, 2.0);
        for (int16_t& s : audio.samples) s = static_cast<int16_t>(std::clamp(s * gain, -32768.0, 32767.0));
        std::lock_guard lock(mutex_);
        if (pending_ || quit_) continue;  // a newer prompt arrived while synthesising
        SDL_ClearQueuedAudio(device);
        SDL_QueueAudio(device, audio.samples.data(), static_cast<Uint32>(audio.samples.size() * sizeof(int16_t)));
        SDL_PauseAudioDevice(device, 0);
    }
    if (device) SDL_CloseAudioDevice(device);
}

}  // namespace kiosk
