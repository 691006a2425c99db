// Voice guidance: every screen's prompt, in both languages, synthesises to
// real, non-silent speech with the configured espeak-ng voices.
#include <gtest/gtest.h>

#include <string>

#include "kiosk/app/assets.h"
#include "kiosk/app/voice.h"
#include "kiosk/core/speakable.h"
#include "screens/voice_prompts.h"

using namespace kiosk;

TEST(Voice, EveryScreenPromptIsSpokenInBothLanguages) {
    Strings strings;
    ASSERT_FALSE(loadStringTables(KIOSK_SOURCE_DIR "/assets", strings));
    KioskConfig cfg;
    std::vector<const char*> keys;
    for (int i = 0; i < kScreenCount; ++i) keys.push_back(voicePromptKey(static_cast<ScreenId>(i)));
    keys.push_back(timeoutPromptKey());
    for (Language lang : kAllLanguages) {
        for (const char* key : keys) {
            ASSERT_TRUE(strings.has(lang, key)) << key;
            SpeechAudio audio;
            auto err = synthesizeSpeech(cfg.voice, lang, speakable(strings.get(lang, key), lang), audio);
            ASSERT_FALSE(err) << *err;
            EXPECT_GT(audio.seconds(), 1.0) << key << " in " << languageTag(lang);
            EXPECT_GT(audio.rms(), 500.0) << key << " in " << languageTag(lang) << " is (nearly) silent";
        }
    }
}

TEST(Voice, AnUnknownVoiceIsAClearError) {
    KioskConfig::Voice voice;
    voice.enVoice = "no-such-voice";
    SpeechAudio audio;
    auto err = synthesizeSpeech(voice, Language::En, "hello", audio);
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("no-such-voice"), std::string::npos);
}

TEST(Voice, AGuideWithoutAnAudioDeviceStaysSilentAndDoesNotHang) {
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    KioskConfig::Voice voice;
    VoiceGuide guide;
    guide.start(voice);
    guide.say(Language::ZhCN, "您好");
    guide.setVolume(30);
    EXPECT_EQ(guide.volume(), 30);
    guide.shutdown();  // returns: the worker did not hang on the missing device
    EXPECT_FALSE(guide.enabled());
}
