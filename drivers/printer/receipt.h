#pragma once
// Receipt templates: what the kiosk prints after an application, a booking
// and a balance check, each with a QR code (the central service's signed
// code, kiosk/core/signed_code.h) the resident keeps and shows again later.
// Pure functions building ESC/POS bytes. Receipts carry references, not
// personal data: no name, no full ID number (callers pass masked values).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/receipt.h"

namespace kiosk::printer {

using Receipt = kiosk::Receipt;

// Paper width in characters of font A on 80 mm paper (576 dots / 12).
inline constexpr int kPaperColumns = 48;

std::vector<uint8_t> encodeReceipt(const Receipt& receipt);

Receipt applicationReceipt(const std::string& applicationNumber, const std::string& service,
                           const std::string& submittedAt, const std::string& signedCode);
Receipt bookingReceipt(const std::string& bookingNumber, const std::string& office, const std::string& slot,
                       const std::string& signedCode);
Receipt balanceReceipt(const std::vector<std::pair<std::string, std::string>>& balances, const std::string& asOf,
                       const std::string& signedCode);

}  // namespace kiosk::printer
