#pragma once
// The reference server's demo data: the 13 Hangzhou marriage registration
// offices, a slot calendar, synthetic residents (valid GB 11643 check digits,
// invented names) with subsidy balances and transactions, the service
// catalog, and a staff directory for the staff desk. Deterministic for a given seed.
// Each seeds inside the caller's transaction (the server's set-up).
#include <chrono>
#include <string>

#include "central/sql.h"

namespace kiosk::central {

void seedDemoData(Sql& db, std::chrono::sys_days today, int slotDays, int slotCapacity, unsigned seed);
// The demo staff directory (table staff: number, name, role, pin_hash), into
// an empty table: 00000017 王芳（3号窗口） staff PIN 246810, 00000042
// 陈工（运维） maintainer PIN 135790. PINs are hashed here with argon2id
// (interactive limits, ~0.1 s each), so no hash is checked in.
void seedDemoStaff(Sql& db);
std::string catalogJson();

}  // namespace kiosk::central
