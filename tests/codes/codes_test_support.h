#pragma once
// Shared by the code tests: the sample frames and their truth (tests/data/qr).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace codes_test {

inline std::filesystem::path qrDir() { return std::filesystem::path(KIOSK_SOURCE_DIR) / "tests/data/qr"; }

struct Sample {
    std::string name;
    std::string truth;  // empty: no code in the frame
};

inline std::vector<Sample> samples() {
    std::vector<Sample> out;
    std::ifstream in(qrDir() / "truth.tsv");
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        const std::string json = line.substr(tab + 1);
        out.push_back({line.substr(0, tab), json.empty() ? "" : nlohmann::json::parse(json).get<std::string>()});
    }
    return out;
}

inline std::string truthOf(const std::string& name) {
    for (const auto& s : samples())
        if (s.name == name) return s.truth;
    ADD_FAILURE() << "no sample " << name;
    return {};
}

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "kiosk-codes-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path path;
};

}  // namespace codes_test
