#pragma once
// The reference server's demo data: the 13 Hangzhou marriage registration
// offices, a slot calendar, synthetic residents (valid GB 11643 check digits,
// invented names) with subsidy balances and transactions, and the service
// catalog. Deterministic for a given seed.
#include <chrono>
#include <string>

#include "central/sql.h"

namespace kiosk::central {

void seedDemoData(Sql& db, std::chrono::sys_days today, int slotDays, int slotCapacity, unsigned seed);
std::string catalogJson();

}  // namespace kiosk::central
