// Frames, checksums, the status table and the stream reassembler, against
// the byte-exact frames of specs/idcard-reader.md.
#include <gtest/gtest.h>

#include "drivers/idcard/protocol.h"

using namespace kiosk::idcard;
using Bytes = std::vector<uint8_t>;

namespace {
Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
}  // namespace

TEST(IdcardProtocol, RequestFramesMatchTheSpecTable) {
    EXPECT_EQ(encodeRequest(kFindCard), (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22}));
    EXPECT_EQ(encodeRequest(kSelectCard), (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21}));
    EXPECT_EQ(encodeRequest(kReadTextPhoto), (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32}));
    EXPECT_EQ(encodeRequest(kReadTextPhotoFingerprint),
              (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x10, 0x23}));
    EXPECT_EQ(encodeRequest(kSamStatus), (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x11, 0xFF, 0xED}));
    EXPECT_EQ(encodeRequest(kReadSamId), (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x12, 0xFF, 0xEE}));
}

TEST(IdcardProtocol, ParsesTheSpecRequestsBack) {
    for (Command c :
         {kFindCard, kSelectCard, kReadTextPhoto, kReadTextPhotoFingerprint, kSamStatus, kReadSamId, kResetSam}) {
        auto frame = parseFrame(encodeRequest(c));
        ASSERT_TRUE(frame);
        EXPECT_EQ(frame.value().size, 10u);
        auto req = requestFromBody(frame.value().body);
        ASSERT_TRUE(req);
        EXPECT_EQ(req->command, c);
        EXPECT_TRUE(req->data.empty());
    }
}

TEST(IdcardProtocol, ReadResponseHeaderAndSizeMatchARealDump) {
    Bytes data{0x01, 0x00, 0x04, 0x00};
    data.resize(4 + 256 + 1024, 0x20);
    auto frame = encodeResponse(0x90, data);
    ASSERT_EQ(frame.size(), 1295u);
    EXPECT_EQ(Bytes(frame.begin(), frame.begin() + 14),
              (Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00}));
    auto parsed = parseFrame(frame);
    ASSERT_TRUE(parsed);
    auto resp = responseFromBody(parsed.value().body);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status(), Status::Success);
    EXPECT_EQ(resp->data, data);
}

TEST(IdcardProtocol, FindResponses) {
    // "Found" carries four zero bytes; "no card" carries none.
    Bytes found{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97};
    EXPECT_EQ(encodeResponse(0x9F, Bytes{0, 0, 0, 0}), found);
    auto r = responseFromBody(parseFrame(found).value().body);
    EXPECT_EQ(r->status(), Status::FindOk);
    Bytes none{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84};
    EXPECT_EQ(encodeResponse(0x80), none);
}

TEST(IdcardProtocol, EveryStatusCodeHasItsMeaning) {
    const std::pair<uint8_t, std::string_view> table[] = {{0x90, "success"},
                                                          {0x9F, "card found"},
                                                          {0x10, "bad checksum from host"},
                                                          {0x11, "bad length from host"},
                                                          {0x21, "bad command or parameter"},
                                                          {0x23, "unauthorised operation"},
                                                          {0x24, "unrecognised error"},
                                                          {0x31, "card failed to authenticate the SAM"},
                                                          {0x32, "SAM failed to authenticate the card"},
                                                          {0x33, "information verification error"},
                                                          {0x40, "unknown card type"},
                                                          {0x41, "read card failed"},
                                                          {0x47, "get random number failed"},
                                                          {0x60, "SAM self-test failed"},
                                                          {0x66, "SAM not authorised"},
                                                          {0x80, "no card present"},
                                                          {0x81, "select card failed"},
                                                          {0x91, "no content for this item"},
                                                          {0xFF, "communication fault"}};
    for (auto [code, text] : table) {
        EXPECT_EQ(statusText(code), text) << int(code);
        EXPECT_TRUE(isKnownStatus(code));
        auto resp = responseFromBody(parseFrame(encodeResponse(code)).value().body);
        EXPECT_EQ(resp->sw3, code);
    }
    EXPECT_FALSE(isKnownStatus(0x55));
    EXPECT_EQ(statusText(0x55), "unknown status");
}

TEST(IdcardProtocol, RejectsBadChecksum) {
    auto frame = encodeRequest(kFindCard);
    frame.back() ^= 0x01;
    auto r = parseFrame(frame);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), FrameError::BadChecksum);
}

TEST(IdcardProtocol, RejectsBadLengths) {
    Bytes tooShort{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x02, 0x20, 0x22};
    EXPECT_EQ(parseFrame(tooShort).error(), FrameError::BadLength);
    Bytes zero{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x00};
    EXPECT_EQ(parseFrame(zero).error(), FrameError::BadLength);
    Bytes huge{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00};
    EXPECT_EQ(parseFrame(huge).error(), FrameError::BadLength);
}

TEST(IdcardProtocol, IncompleteAndBadPreamble) {
    auto frame = encodeRequest(kSelectCard);
    for (size_t n = 0; n < frame.size(); ++n)
        EXPECT_EQ(parseFrame(std::span(frame).first(n)).error(), FrameError::Incomplete) << n;
    Bytes wrong = frame;
    wrong[3] = 0x97;
    EXPECT_EQ(parseFrame(wrong).error(), FrameError::BadPreamble);
    EXPECT_EQ(parseFrame(Bytes{0x00}).error(), FrameError::BadPreamble);
}

TEST(IdcardAssembler, ReassemblesAFrameFedByteByByte) {
    Bytes data(1284, 0x5A);
    auto frame = encodeResponse(0x90, data);
    FrameAssembler a;
    for (size_t i = 0; i < frame.size(); ++i) {
        EXPECT_FALSE(a.next().has_value()) << i;
        a.feed(std::span(frame).subspan(i, 1));
    }
    auto item = a.next();
    ASSERT_TRUE(item && item->frame);
    EXPECT_EQ(item->frame->size, frame.size());
    EXPECT_EQ(a.buffered(), 0u);
}

TEST(IdcardAssembler, SkipsGarbageBeforeAFrame) {
    Bytes garbage{0x00, 0xFF, 0xAA, 0x13, 0xAA, 0xAA, 0x96, 0x00, 0x69, 0xAA};
    auto bytes = concat({garbage, encodeResponse(0x9F, Bytes{0, 0, 0, 0})});
    FrameAssembler a;
    a.feed(bytes);
    auto item = a.next();
    ASSERT_TRUE(item && item->frame);
    EXPECT_EQ(responseFromBody(item->frame->body)->status(), Status::FindOk);
    EXPECT_EQ(a.discarded(), garbage.size());
}

TEST(IdcardAssembler, KeepsAPartialPreambleAcrossReads) {
    auto frame = encodeResponse(0x80);
    FrameAssembler a;
    a.feed(Bytes{0x12, 0x34, 0xAA, 0xAA});
    EXPECT_FALSE(a.next());
    EXPECT_EQ(a.buffered(), 2u);
    a.feed(std::span(frame).subspan(2));
    auto item = a.next();
    ASSERT_TRUE(item && item->frame);
}

TEST(IdcardAssembler, ResynchronisesAfterAFalsePreambleInGarbage) {
    // A false preamble with a plausible length swallows the real frame; the
    // checksum fails, one byte is skipped, and the real frame is found.
    auto real = encodeResponse(0x90, Bytes{1, 2, 3});
    Bytes fake{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x05, 0x77};
    FrameAssembler a;
    a.feed(concat({fake, real}));
    auto first = a.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->corrupted, FrameError::BadChecksum);
    auto second = a.next();
    ASSERT_TRUE(second && second->frame);
    EXPECT_EQ(responseFromBody(second->frame->body)->data, (Bytes{1, 2, 3}));
}

TEST(IdcardAssembler, ReportsBadLengthAndCarriesOn) {
    Bytes bad{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x01};
    FrameAssembler a;
    a.feed(concat({bad, encodeResponse(0x80)}));
    auto first = a.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->corrupted, FrameError::BadLength);
    auto second = a.next();
    ASSERT_TRUE(second && second->frame);
    EXPECT_FALSE(a.next());
}

TEST(IdcardAssembler, TwoFramesInOneReadAndSplitAtEveryPoint) {
    auto both = concat({encodeResponse(0x9F, Bytes{0, 0, 0, 0}), encodeResponse(0x90, Bytes(8, 0))});
    for (size_t cut = 0; cut <= both.size(); ++cut) {
        FrameAssembler a;
        a.feed(std::span(both).first(cut));
        int frames = 0;
        while (auto item = a.next()) frames += item->frame ? 1 : 0;
        a.feed(std::span(both).subspan(cut));
        while (auto item = a.next()) {
            ASSERT_TRUE(item->frame) << cut;
            ++frames;
        }
        EXPECT_EQ(frames, 2) << cut;
    }
}

TEST(IdcardAssembler, CorruptedFrameThenGoodRetry) {
    auto badFrame = encodeResponse(0x90, Bytes(1284, 0x11));
    badFrame.back() ^= 0xFF;
    FrameAssembler a;
    a.feed(badFrame);
    auto item = a.next();
    ASSERT_TRUE(item);
    EXPECT_EQ(item->corrupted, FrameError::BadChecksum);
    while (a.next()) {
    }
    a.reset();
    a.feed(encodeResponse(0x90, Bytes(1284, 0x11)));
    auto good = a.next();
    ASSERT_TRUE(good && good->frame);
}
