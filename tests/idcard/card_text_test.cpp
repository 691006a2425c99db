// The four text layouts, built here byte by byte from the offsets in
// specs/idcard-reader.md (independently of the encoder), then decoded; and
// the demo profiles round-trip through the encoder.
#include <gtest/gtest.h>

#include <filesystem>

#include "drivers/idcard/card_text.h"
#include "drivers/idcard/emulator/idcard_emulator.h"

using namespace kiosk;
using namespace kiosk::idcard;
using namespace std::chrono;
using Bytes = std::vector<uint8_t>;

namespace {

// A blank block (spaces) with ASCII / BMP text placed at byte offsets.
struct Block {
    Bytes bytes = Bytes(256, 0);
    Block() {
        for (size_t i = 0; i < 256; i += 2) bytes[i] = 0x20;
    }
    Block& at(size_t offset, std::u16string_view text) {
        for (size_t i = 0; i < text.size(); ++i) {
            bytes[offset + 2 * i] = static_cast<uint8_t>(text[i] & 0xFF);
            bytes[offset + 2 * i + 1] = static_cast<uint8_t>(text[i] >> 8);
        }
        return *this;
    }
};

Block mainland() {
    Block b;
    b.at(0, u"刘䶮").at(30, u"1").at(32, u"01").at(36, u"19851123").at(52, u"浙江省杭州市拱墅区莫干山路88号");
    b.at(122, u"330105198511230036").at(158, u"杭州市公安局拱墅分局").at(188, u"20150820").at(204, u"20350820");
    return b;
}

}  // namespace

TEST(IdcardText, Ucs2ToUtf8TrimsPaddingAndStopsAtNul) {
    EXPECT_EQ(ucs2ToUtf8(Bytes{0x20, 0x00, 0x41, 0x00, 0x20, 0x00, 0x42, 0x00, 0x20, 0x00}), "A B");
    EXPECT_EQ(ucs2ToUtf8(Bytes{0x41, 0x00, 0x00, 0x00, 0x42, 0x00}), "A");
    EXPECT_EQ(ucs2ToUtf8(Bytes{0xAE, 0x4D}), "䶮");                            // U+4DAE, CJK extension A
    EXPECT_EQ(ucs2ToUtf8(Bytes{0x3D, 0xD8, 0x00, 0xDE}), "\xF0\x9F\x98\x80");  // a surrogate pair
    EXPECT_EQ(ucs2ToUtf8(Bytes{0x3D, 0xD8, 0x41, 0x00}),
              "\xEF\xBF\xBD"
              "A");                          // lone surrogate
    EXPECT_EQ(ucs2ToUtf8(Bytes{0x41}), "");  // odd byte ignored
}

TEST(IdcardText, Utf8ToUcs2RoundTrips) {
    for (std::string s : {"王晓明", "刘䶮", "赵堃 陈玥", "SMITH, JOHN", "\xF0\x9F\x98\x80"})
        EXPECT_EQ(ucs2ToUtf8(utf8ToUcs2(s)), s);
    EXPECT_EQ(utf8ToUcs2("\xFF"), (Bytes{0xFD, 0xFF}));
}

TEST(IdcardText, DecodesTheMainlandLayout) {
    auto r = decodeText(mainland().bytes);
    ASSERT_TRUE(r) << textErrorText(r.error());
    const IdCard& c = r.value();
    EXPECT_EQ(c.kind, CardKind::Resident);
    EXPECT_EQ(c.name.reveal(), "刘䶮");
    EXPECT_EQ(c.gender, Gender::Male);
    EXPECT_EQ(c.nation.reveal(), "汉");
    EXPECT_EQ(c.birthDate.reveal(), "1985-11-23");
    EXPECT_EQ(c.address.reveal(), "浙江省杭州市拱墅区莫干山路88号");
    EXPECT_EQ(c.idNumber.reveal(), "330105198511230036");
    EXPECT_EQ(c.authority, "杭州市公安局拱墅分局");
    EXPECT_EQ(c.validFrom, year{2015} / 8 / 20);
    ASSERT_TRUE(c.validTo);
    EXPECT_EQ(*c.validTo, year{2035} / 8 / 20);
    EXPECT_FALSE(c.longTerm());
}

TEST(IdcardText, LongTermValidityAndExpiry) {
    auto b = mainland();
    b.at(204, u"长期      ");  // 8 characters: the field is 16 bytes
    auto r = decodeText(b.bytes);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r.value().longTerm());
    EXPECT_FALSE(r.value().isExpired(year{2100} / 1 / 1));

    auto dated = decodeText(mainland().bytes).value();
    EXPECT_FALSE(dated.isExpired(year{2035} / 8 / 20));  // valid through its last day
    EXPECT_TRUE(dated.isExpired(year{2035} / 8 / 21));
}

TEST(IdcardText, DecodesTheJLayout) {
    Block b;
    b.at(0, u"林家豪").at(30, u"1").at(36, u"19950418").at(52, u"浙江省杭州市上城区解放路66号");
    b.at(122, u"81000019950418001X").at(158, u"杭州市公安局上城分局").at(188, u"20210301").at(204, u"20260301");
    b.at(220, u"H12345678").at(238, u"01").at(248, u"J");
    b.bytes[249] = 0;
    auto r = decodeText(b.bytes);
    ASSERT_TRUE(r) << textErrorText(r.error());
    const IdCard& c = r.value();
    EXPECT_EQ(c.kind, CardKind::HkMacaoTaiwanPermit);
    EXPECT_EQ(c.name.reveal(), "林家豪");
    EXPECT_TRUE(c.nation.empty());
    EXPECT_EQ(c.idNumber.reveal(), "81000019950418001X");
    EXPECT_EQ(c.passNumber.reveal(), "H12345678");
    EXPECT_EQ(c.issueCount, "01");
    EXPECT_EQ(*c.validTo, year{2026} / 3 / 1);
}

TEST(IdcardText, DecodesTheILayout) {
    Block b;
    b.at(0, u"SMITH, JOHN WILLIAM").at(120, u"1").at(122, u"GBR330080010118").at(152, u"GBR").at(158, u"史密斯");
    b.at(188, u"20170701").at(204, u"20270701").at(220, u"19800101").at(236, u"01").at(240, u"1500").at(248, u"I");
    b.bytes[249] = 0;
    auto r = decodeText(b.bytes);
    ASSERT_TRUE(r) << textErrorText(r.error());
    const IdCard& c = r.value();
    EXPECT_EQ(c.kind, CardKind::ForeignPermanent2017);
    EXPECT_EQ(c.englishName.reveal(), "SMITH, JOHN WILLIAM");
    EXPECT_EQ(c.name.reveal(), "史密斯");
    EXPECT_EQ(c.idNumber.reveal(), "GBR330080010118");
    EXPECT_EQ(c.nationality, "GBR");
    EXPECT_EQ(c.birthDate.reveal(), "1980-01-01");
    EXPECT_EQ(c.issueCount, "01");
    EXPECT_EQ(c.authority, "1500");
    EXPECT_EQ(c.gender, Gender::Male);
}

TEST(IdcardText, DecodesTheYLayoutWithAnEnglishNameOverTwoFields) {
    std::u16string english = u"MUELLER-SCHMIDT, ALEXANDER MAXIMILIAN JOHANNES";  // 46 characters
    ASSERT_EQ(english.size(), 46u);
    Block b;
    b.at(0, u"马克").at(30, u"2").at(32, u"00").at(36, u"19880514").at(52, english.substr(0, 35));
    b.at(122, u"933276198805140015").at(188, u"20231201").at(204, u"20331201").at(220, english.substr(35));
    b.at(242, u"DEU").at(248, u"Y");
    b.bytes[249] = 0;
    auto r = decodeText(b.bytes);
    ASSERT_TRUE(r) << textErrorText(r.error());
    const IdCard& c = r.value();
    EXPECT_EQ(c.kind, CardKind::ForeignPermanent2023);
    EXPECT_EQ(c.name.reveal(), "马克");
    EXPECT_EQ(c.englishName.reveal(), "MUELLER-SCHMIDT, ALEXANDER MAXIMILIAN JOHANNES");
    EXPECT_EQ(c.idNumber.reveal(), "933276198805140015");
    EXPECT_EQ(c.nationality, "DEU");
    EXPECT_EQ(c.gender, Gender::Female);
    EXPECT_EQ(c.issueCount, "00");
}

TEST(IdcardText, RejectsCorruptContent) {
    auto badId = mainland();
    badId.at(122, u"330105198511230037");
    EXPECT_EQ(decodeText(badId.bytes).error(), TextError::BadIdNumber);
    auto badDate = mainland();
    badDate.at(188, u"2015x820");
    EXPECT_EQ(decodeText(badDate.bytes).error(), TextError::BadDate);
    auto noName = mainland();
    noName.at(0, u"     ");
    EXPECT_EQ(decodeText(noName.bytes).error(), TextError::MissingName);
    EXPECT_EQ(decodeText(Bytes(255, 0x20)).error(), TextError::BadSize);
    EXPECT_EQ(decodeReadData(Bytes{0x01, 0x00, 0x04}).error(), TextError::BadSize);
}

TEST(IdcardText, NationAndGenderTables) {
    EXPECT_EQ(nationName("01"), "汉");
    EXPECT_EQ(nationName("05"), "维吾尔");
    EXPECT_EQ(nationName("29"), "柯尔克孜");
    EXPECT_EQ(nationName("56"), "基诺");
    EXPECT_EQ(nationName("97"), "其他");
    EXPECT_EQ(nationName("98"), "外国血统中国籍人士");
    EXPECT_FALSE(nationName("00"));
    EXPECT_FALSE(nationName("57"));
    EXPECT_FALSE(nationName("1"));
    for (int n = 1; n <= 56; ++n) {
        std::string code = (n < 10 ? "0" : "") + std::to_string(n);
        EXPECT_EQ(nationCode(*nationName(code)), code);
    }
    EXPECT_EQ(genderFromCode("0"), Gender::Unknown);
    EXPECT_EQ(genderFromCode("1"), Gender::Male);
    EXPECT_EQ(genderFromCode("2"), Gender::Female);
    EXPECT_EQ(genderFromCode("9"), Gender::Unspecified);
    EXPECT_EQ(genderName(Gender::Unspecified), "unknown");
}

TEST(IdcardText, ReadDataCarriesThePhotoOpaquely) {
    Bytes data{0x01, 0x00, 0x04, 0x00};
    auto text = mainland().bytes;
    data.insert(data.end(), text.begin(), text.end());
    for (int i = 0; i < 1024; ++i) data.push_back(static_cast<uint8_t>(i * 7));
    auto r = decodeReadData(data);
    ASSERT_TRUE(r);
    ASSERT_EQ(r.value().photoWlt.reveal().size(), 1024u);
    EXPECT_EQ(static_cast<uint8_t>(r.value().photoWlt.reveal()[3]), 21);
    EXPECT_FALSE(r.value().photo);
}

TEST(IdcardText, EveryDemoProfileRoundTrips) {
    namespace fs = std::filesystem;
    int count = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(KIOSK_SOURCE_DIR) / "assets/demo/cards")) {
        if (entry.path().extension() != ".json") continue;
        ++count;
        auto profile = loadCardProfile(entry.path().string());
        ASSERT_TRUE(profile) << profile.error();
        const IdCard& in = profile.value().card;
        auto text = encodeText(in);
        ASSERT_EQ(text.size(), 256u);
        auto out = decodeReadData(encodeReadData(in));
        ASSERT_TRUE(out) << entry.path() << ": " << textErrorText(out.error());
        const IdCard& c = out.value();
        EXPECT_EQ(c.kind, in.kind) << entry.path();
        EXPECT_EQ(c.name, in.name) << entry.path();
        EXPECT_EQ(c.englishName, in.englishName) << entry.path();
        EXPECT_EQ(c.idNumber, in.idNumber) << entry.path();
        EXPECT_EQ(c.birthDate, in.birthDate) << entry.path();
        EXPECT_EQ(c.address, in.address) << entry.path();
        EXPECT_EQ(c.passNumber, in.passNumber) << entry.path();
        EXPECT_EQ(c.nation, in.nation) << entry.path();
        EXPECT_EQ(c.gender, in.gender) << entry.path();
        EXPECT_EQ(c.validFrom, in.validFrom) << entry.path();
        EXPECT_EQ(c.validTo, in.validTo) << entry.path();
        EXPECT_EQ(c.nationality, in.nationality) << entry.path();
        EXPECT_EQ(c.photoWlt, in.photoWlt) << entry.path();
    }
    EXPECT_GE(count, 7);
}

TEST(IdcardText, ProfileErrorsNameTheKey) {
    EXPECT_FALSE(parseCardProfile("[]"));
    auto r = parseCardProfile(R"({"kind":"X"})");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("kind"), std::string::npos);
    auto d = parseCardProfile(R"({"kind":"resident","gender":"male","nation":"01","birth_date":"1990-13-01"})");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().find("birth_date"), std::string::npos);
}

TEST(IdcardCore, DatesAndNames) {
    EXPECT_EQ(parseDate("2024-02-29"), year{2024} / 2 / 29);
    EXPECT_EQ(parseDate("20240229"), year{2024} / 2 / 29);
    EXPECT_FALSE(parseDate("20230229"));
    EXPECT_FALSE(parseDate("长期"));
    EXPECT_EQ(formatDate(year{2001} / 2 / 3), "2001-02-03");
    EXPECT_EQ(cardKindName(CardKind::HkMacaoTaiwanPermit), "hk_macao_taiwan_permit");
    EXPECT_EQ(cardKindName(CardKind::ForeignPermanent2023), "foreign_permanent_resident");
    EXPECT_EQ(cardKindLetter(CardKind::ForeignPermanent2017), 'I');
}

TEST(IdcardCore, WipeClearsPersonalFields) {
    auto card = decodeText(mainland().bytes).value();
    card.wipe();
    EXPECT_TRUE(card.name.empty());
    EXPECT_TRUE(card.idNumber.empty());
    EXPECT_TRUE(card.address.empty());
    EXPECT_TRUE(card.birthDate.empty());
}
