#include "kiosk/core/id_number.h"

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
