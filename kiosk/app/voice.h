#pragma once
// Voice guidance: each screen's prompt spoken with espeak-ng (Mandarin and
// English voices) and played through SDL audio.
//
// Threads: say(), setVolume() and stop() are called from the UI thread and
// never block; synthesis and playback happen on the guide's own worker
// thread, which also opens the audio device, so a missing or slow audio
// system means silence and one log line, never a stalled screen.
// espeak-ng keeps global state: all synthesis goes through one mutex.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/language.h"

namespace kiosk {

struct SpeechAudio {
    int sampleRate = 0;
    std::vector<int16_t> samples;  // mono
    double seconds() const { return sampleRate ? static_cast<double>(samples.size()) / sampleRate : 0; }
    double rms() const;
};

// Synthesises `text` to memory (tests, and the worker). Returns an error
// message when espeak-ng or the voice is unavailable.
std::optional<std::string> synthesizeSpeech(const KioskConfig::Voice& voice, Language lang, const std::string& text,
                                            SpeechAudio& out);

class VoiceGuide {
public:
    VoiceGuide() = default;
    VoiceGuide(const VoiceGuide&) = delete;
    VoiceGuide& operator=(const VoiceGuide&) = delete;
    ~VoiceGuide();

    // Starts the worker when voice is enabled in the config.
    void start(const KioskConfig::Voice& voice);
    bool enabled() const { return started_; }
    // Speaks `text` (already made speakable), replacing whatever is playing.
    void say(Language lang, std::string text);
    void stop();
    // Stops the worker and closes the audio device; call before SDL_Quit.
    void shutdown();
    void setVolume(int volume);  // 0..100
    int volume() const;

private:
    void run();

    KioskConfig::Voice options_;
    bool started_ = false;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::pair<Language, std::string>> pending_;
    bool stopPlayback_ = false;
    bool quit_ = false;
    int volume_ = 70;
    std::thread worker_;
};

}  // namespace kiosk
