#pragma once
// The committed sample pages (tests/data/documents) and what their forms say,
// shared by the documents tests. Expected values are copied from the pages'
// .txt truths (a unit test checks each still appears there).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/core/documents.h"

namespace kiosk::documents {

inline std::filesystem::path sampleDir() { return std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/data/documents"; }

inline std::string readSampleBytes(const std::string& name) {
    std::ifstream in(sampleDir() / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
inline std::string readSampleText(const std::string& stem) { return readSampleBytes(stem + ".txt"); }

struct ExpectedField {
    FieldId id;
    int member;
    std::string value;
};
struct FormSample {
    std::string stem;
    DocumentKind kind;
    std::vector<ExpectedField> fields;
};

inline const std::vector<FormSample>& formSamples() {
    using F = FieldId;
    static const std::vector<FormSample> samples = {
        {"income1_lowres_jpeg",
         DocumentKind::IncomeProof,
         {{F::Name, 0, "罗伟静"}, {F::IdNumber, 0, "330113194706190793"}, {F::MonthlyIncome, 0, "2558"}}},
        {"income4_clean",
         DocumentKind::IncomeProof,
         {{F::Name, 0, "钟明"}, {F::IdNumber, 0, "330113197506234492"}, {F::MonthlyIncome, 0, "4868"}}},
        {"medical2_noisy",
         DocumentKind::MedicalBill,
         {{F::Hospital, 0, "杭州市第一人民医院"},
          {F::PatientName, 0, "姜依"},
          {F::IdNumber, 0, "330108194210195012"},
          {F::Total, 0, "4926.00"},
          {F::SelfPaid, 0, "1971.00"}}},
        {"medical5_skew",
         DocumentKind::MedicalBill,
         {{F::Hospital, 0, "浙江大学医学院附属第一医院"},
          {F::PatientName, 0, "吴强"},
          {F::IdNumber, 0, "330122199205234945"},
          {F::Total, 0, "11846.00"},
          {F::SelfPaid, 0, "4739.00"}}},
        {"household3_camera",
         DocumentKind::HouseholdRegister,
         {{F::MemberName, 0, "秦诺刚"},
          {F::Relation, 0, "户主"},
          {F::MemberIdNumber, 0, "330105195906047013"},
          {F::MemberName, 1, "于思子"},
          {F::Relation, 1, "母亲"},
          {F::MemberIdNumber, 1, "330110197304262322"},
          {F::MemberName, 2, "徐轩萱"},
          {F::Relation, 2, "父亲"},
          {F::MemberIdNumber, 2, "330110199205200918"}}},
        {"household6_lowres_jpeg",
         DocumentKind::HouseholdRegister,
         {{F::MemberName, 0, "袁华"},
          {F::Relation, 0, "户主"},
          {F::MemberIdNumber, 0, "330111198508032175"},
          {F::MemberName, 1, "邵燕玉"},
          {F::Relation, 1, "母亲"},
          {F::MemberIdNumber, 1, "330108195402061929"},
          {F::MemberName, 2, "陶芳"},
          {F::Relation, 2, "长女"},
          {F::MemberIdNumber, 2, "330112195805100026"}}},
    };
    return samples;
}

// Every expected field is there with its value; ID numbers pass the check.
inline void expectFields(const ExtractedDocument& d, const FormSample& sample) {
    EXPECT_EQ(d.kind, sample.kind);
    for (const auto& e : sample.fields) {
        const ExtractedField* f = d.find(e.id, e.member);
        ASSERT_NE(f, nullptr) << fieldName(e.id) << "[" << e.member << "] missing";
        EXPECT_EQ(f->value.reveal(), e.value) << fieldName(e.id) << "[" << e.member << "]";
        if (isIdNumberField(e.id)) {
            EXPECT_TRUE(f->valid);
        }
    }
}

// A PNG signature and IHDR chunk (valid CRC) announcing a w x h grey image,
// with no pixel data: enough for a decoder to see the size.
inline std::vector<uint8_t> pngHeaderOnly(uint32_t w, uint32_t h) {
    std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    std::vector<uint8_t> chunk = {'I', 'H', 'D', 'R'};
    for (uint32_t v : {w, h})
        for (int s = 24; s >= 0; s -= 8) chunk.push_back(static_cast<uint8_t>(v >> s));
    chunk.insert(chunk.end(), {8, 0, 0, 0, 0});  // 8-bit grey, deflate, no filter, no interlace
    uint32_t crc = 0xFFFFFFFFu;
    for (uint8_t b : chunk) {
        crc ^= b;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    crc ^= 0xFFFFFFFFu;
    out.insert(out.end(), chunk.begin(), chunk.end());
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(crc >> s));
    // An IEND chunk, so that readers needing a minimum length see one.
    out.insert(out.end(), {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
    return out;
}

}  // namespace kiosk::documents
