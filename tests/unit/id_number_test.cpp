#include "kiosk/core/id_number.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

using namespace kiosk;

TEST(IdNumber, AcceptsValidNumbers) {
    EXPECT_EQ(validateIdNumber("11010519491231002X"), IdNumberError::None);  // the GB 11643 example
    EXPECT_EQ(validateIdNumber("931586198001010028"), IdNumberError::None);  // 2023 foreign permanent resident
    EXPECT_TRUE(isValidIdNumber("11010519491231002X"));
}

TEST(IdNumber, ComputesCheckCharacter) {
    EXPECT_EQ(idCheckCharacter("11010519491231002"), 'X');
    EXPECT_EQ(idCheckCharacter("93158619800101002"), '8');
    EXPECT_EQ(idCheckCharacter("1101051949123100"), std::nullopt);   // 16 digits
    EXPECT_EQ(idCheckCharacter("1101051949123100A"), std::nullopt);  // non-digit
}

TEST(IdNumber, AcceptsLowerCaseXAndNormalisesIt) {
    EXPECT_EQ(validateIdNumber("11010519491231002x"), IdNumberError::None);
    EXPECT_EQ(normalizeIdNumber(" 11010519491231002x "), "11010519491231002X");
}

TEST(IdNumber, RejectsWrongCheckDigit) {
    EXPECT_EQ(validateIdNumber("110105194912310021"), IdNumberError::BadCheckDigit);
    EXPECT_EQ(validateIdNumber("931586198001010029"), IdNumberError::BadCheckDigit);
    // One digit changed in the body also fails the check.
    EXPECT_EQ(validateIdNumber("11010519491231003X"), IdNumberError::BadCheckDigit);
}

TEST(IdNumber, RejectsWrongLength) {
    EXPECT_EQ(validateIdNumber(""), IdNumberError::WrongLength);
    EXPECT_EQ(validateIdNumber("11010519491231002"), IdNumberError::WrongLength);
    EXPECT_EQ(validateIdNumber("11010519491231002X0"), IdNumberError::WrongLength);
    EXPECT_EQ(validateIdNumber("110105491231002"), IdNumberError::WrongLength);  // old 15-digit numbers are not accepted
}

TEST(IdNumber, RejectsNonDigits) {
    EXPECT_EQ(validateIdNumber("1101051949123100XX"), IdNumberError::BadCharacter);
    EXPECT_EQ(validateIdNumber("11010519491231002Y"), IdNumberError::BadCharacter);
    EXPECT_EQ(validateIdNumber("110105-9491231002X"), IdNumberError::BadCharacter);
    EXPECT_EQ(validateIdNumber("X10105194912310021"), IdNumberError::BadCharacter);
    EXPECT_EQ(validateIdNumber("11010519491231002 "), IdNumberError::BadCharacter);
}

TEST(IdNumber, ErrorsHaveMessageKeys) {
    EXPECT_STREQ(idNumberErrorKey(IdNumberError::None), "");
    EXPECT_STREQ(idNumberErrorKey(IdNumberError::BadCheckDigit), "id.error.check");
}

TEST(Masking, KeepsFirstSixAndLastFour) {
    EXPECT_EQ(maskIdentifier("330106199001011210"), "330106********1210");
    EXPECT_EQ(maskIdentifier("11010519491231002X"), "110105********002X");
}

TEST(Masking, ShortValuesAreMaskedWhole) {
    EXPECT_EQ(maskIdentifier(""), "");
    EXPECT_EQ(maskIdentifier("1234567890"), "**********");
    EXPECT_EQ(maskIdentifier("12345678901"), "123456*8901");
}

// Known answers computed outside this code base (ISO 7064 MOD 11-2 with the
// GB 11643 weights, by a separate script), one for every check character.
TEST(IdNumber, KnownAnswerVectors) {
    const char* valid[] = {
        "11010519491231002X", "440304198507161234", "330106199003070014", "510107200002290045",
        "230102197311080056", "650102195812310066", "310115199601010073", "370202198808080087",
        "420106197704200099", "350203196506150100", "330106199003001051", "330106199003001078",
        "330106199003001182",
    };
    std::set<char> checks;
    for (const char* id : valid) {
        SCOPED_TRACE(id);
        EXPECT_EQ(validateIdNumber(id), IdNumberError::None);
        EXPECT_EQ(idCheckCharacter(std::string_view(id, 17)), id[17]);
        checks.insert(id[17]);
        // Any other check character is wrong.
        for (char other : std::string("0123456789X")) {
            if (other == id[17]) continue;
            std::string bad(id);
            bad[17] = other;
            EXPECT_EQ(validateIdNumber(bad), IdNumberError::BadCheckDigit) << bad;
        }
    }
    EXPECT_EQ(checks.size(), 11u);  // the vectors cover every check character
}
