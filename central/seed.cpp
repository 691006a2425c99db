#include "central/seed.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <random>
#include <stdexcept>

#include "kiosk/core/id_card.h"  // formatDate
#include "kiosk/core/id_number.h"
#include "kiosk/core/staff.h"  // hashPin

namespace kiosk::central {
namespace {

using namespace std::chrono;

struct Office {
    const char* id;
    const char* name;
    const char* district;
    const char* area;     // administrative area code, for synthetic residents
    const char* address;  // invented, in the shape of a real one
    const char* phone;    // invented
};

// One office per district, county and county-level city (services.md).
constexpr Office kOffices[] = {
    {"shangcheng", "上城区婚姻登记处", "上城区", "330102", "杭州市上城区清泰街 218 号", "0571-87062135"},
    {"gongshu", "拱墅区婚姻登记处", "拱墅区", "330105", "杭州市拱墅区湖墅南路 306 号", "0571-88085217"},
    {"xihu", "西湖区婚姻登记处", "西湖区", "330106", "杭州市西湖区文三路 150 号", "0571-87963208"},
    {"binjiang", "滨江区婚姻登记处", "滨江区", "330108", "杭州市滨江区江汉路 1785 号", "0571-87702396"},
    {"xiaoshan", "萧山区婚姻登记处", "萧山区", "330109", "杭州市萧山区人民路 268 号", "0571-82623157"},
    {"yuhang", "余杭区婚姻登记处", "余杭区", "330110", "杭州市余杭区迎宾路 501 号", "0571-86225318"},
    {"linping", "临平区婚姻登记处", "临平区", "330113", "杭州市临平区世纪大道 307 号", "0571-86155692"},
    {"qiantang", "钱塘区婚姻登记处", "钱塘区", "330114", "杭州市钱塘区学源街 1018 号", "0571-86918240"},
    {"fuyang", "富阳区婚姻登记处", "富阳区", "330111", "杭州市富阳区江滨西大道 59 号", "0571-63325419"},
    {"linan", "临安区婚姻登记处", "临安区", "330112", "杭州市临安区钱王街 402 号", "0571-63702385"},
    {"tonglu", "桐庐县婚姻登记处", "桐庐县", "330122", "杭州市桐庐县迎春南路 278 号", "0571-64612307"},
    {"chunan", "淳安县婚姻登记处", "淳安县", "330127", "杭州市淳安县新安东路 183 号", "0571-65012938"},
    {"jiande", "建德市婚姻登记处", "建德市", "330182", "杭州市建德市严州大道 226 号", "0571-64712056"},
};

constexpr const char* kSlots[] = {"09:00-10:00", "10:00-11:00", "11:00-12:00",
                                  "13:30-14:30", "14:30-15:30", "15:30-16:30"};

struct Resident {
    const char* name;  // invented
    const char* birth; // YYYYMMDD
    bool male;
    const char* idNumber = nullptr;  // fixed: the holders of the demo cards
};

constexpr Resident kResidents[] = {
    {"张秀英", "19480316", false}, {"王建国", "19520708", true},  {"李桂兰", "19400122", false},
    {"刘志强", "19850911", true},  {"陈静", "19900504", false},   {"杨伟", "19930217", true},
    {"赵丽", "19960830", false},   {"黄明", "19701125", true},    {"周芳", "19620609", false},
    {"吴强", "20070301", true},    {"徐淑珍", "19350918", false}, {"孙磊", "19991212", true},
    // The people on assets/demo/cards, so that the demo's cards find records.
    {"赵堃", "19520130", true, "330109195201300053"},  {"王晓明", "19900307", true, "330106199003070014"},
    {"刘䶮", "19851123", true, "330105198511230036"},
};

}  // namespace

void seedDemoData(Sql& db, sys_days today, int slotDays, int slotCapacity, unsigned seed) {
    std::mt19937 rng(seed);
    std::int64_t position = 0;
    for (const auto& o : kOffices)
        db.run("INSERT INTO offices(id, name_zh, district_zh, address, phone, position) VALUES(?, ?, ?, ?, ?, ?)",
               {std::string(o.id), std::string(o.name), std::string(o.district),
                std::string(o.address), std::string(o.phone), ++position});

    // Weekdays are open; 5月20日 and 10月1日 open even on a weekend and are
    // nearly full, as popular dates are.
    for (int i = 1; i <= slotDays; ++i) {
        sys_days d = today + days(i);
        year_month_day ymd{d};
        bool popular = (ymd.month() == May && ymd.day() == day(20)) || (ymd.month() == October && ymd.day() == day(1));
        unsigned wd = weekday(d).c_encoding();
        if (!popular && (wd == 0 || wd == 6)) continue;
        for (const auto& o : kOffices)
            for (const char* slot : kSlots) {
                int booked = popular ? slotCapacity : static_cast<int>(rng() % 2);
                db.run("INSERT INTO slots(office_id, date, slot, capacity, booked) VALUES(?, ?, ?, ?, ?)",
                       {std::string(o.id), formatDate(year_month_day{d}), std::string(slot), static_cast<std::int64_t>(slotCapacity),
                        static_cast<std::int64_t>(std::min(booked, slotCapacity))});
            }
    }

    int n = 0;
    for (const auto& r : kResidents) {
        const Office& o = kOffices[n % std::size(kOffices)];
        int seq = 100 + 2 * n + (r.male ? 1 : 0);  // odd sequence digit: male
        std::string first17 = std::string(o.area) + r.birth + std::to_string(seq);
        std::string id = r.idNumber ? std::string(r.idNumber) : first17 + *idCheckCharacter(first17);
        char phone[16];
        std::snprintf(phone, sizeof phone, "139%08u", static_cast<unsigned>(rng() % 100000000));
        db.run("INSERT INTO residents(id_number, name, phone, position) VALUES(?, ?, ?, ?)",
               {id, std::string(r.name), std::string(phone), static_cast<std::int64_t>(n)});
        int age = static_cast<int>(year_month_day{today}.year()) - std::atoi(std::string(r.birth, 4).c_str());
        struct Kind {
            const char* kind;
            const char* name;
            const char* unit;
            bool eligible;
        };
        Kind kinds[] = {
            {"chongyang-points", "重阳分", "points", age >= 60},
            {"aixin-card", "爱心卡", "yuan", age >= 60},
            {"meal-discount", "助餐优惠", "yuan", age >= 60},
            {"age-allowance", "高龄津贴", "yuan", age >= 80},
            {"disability-allowance", "困难残疾人生活补贴", "yuan", n == 3},
        };
        const char* merchants[] = {"社区老年食堂", "居家保洁服务", "助浴上门服务", "康复理疗中心", "老年助餐点"};
        for (const auto& k : kinds) {
            if (!k.eligible) continue;
            std::int64_t credit = 5000 + static_cast<std::int64_t>(rng() % 20) * 1000;
            std::int64_t balance = credit + static_cast<std::int64_t>(rng() % 50000);
            const bool points = std::string(k.unit) == "points";
            if (points) balance -= balance % 100;  // points are whole
            std::int64_t balanceId =
                db.query("INSERT INTO balances(id_number, kind, name_zh, unit, balance_cents, monthly_credit_cents,"
                         " expires) VALUES(?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         {id, std::string(k.kind), std::string(k.name), std::string(k.unit), balance, credit,
                          std::string(k.kind) == "chongyang-points"
                              ? Sql::Value(formatDate(year_month_day{today + days(365)}))
                              : Sql::Value(nullptr)})
                    .front()
                    .i(0);
            for (int t = 0; t < 5; ++t) {
                std::int64_t amount = -static_cast<std::int64_t>(500 + rng() % 3000);
                if (points) amount -= amount % 100;
                db.run("INSERT INTO transactions(balance_id, date, merchant, amount_cents) VALUES(?, ?, ?, ?)",
                       {balanceId, formatDate(year_month_day{today - days(3 + 6 * t)}), std::string(merchants[rng() % std::size(merchants)]),
                        amount});
            }
            db.run("INSERT INTO transactions(balance_id, date, merchant, amount_cents) VALUES(?, ?, ?, ?)",
                   {balanceId, formatDate(year_month_day{today - days(static_cast<unsigned>(year_month_day{today}.day()) - 1)}),
                    std::string("每月发放"), credit});
        }
        ++n;
    }
}

void seedDemoStaff(Sql& db) {
    struct DemoStaff {
        const char* number;
        const char* name;
        const char* role;
        const char* pin;
    };
    // Invented people; the PINs are demo PINs, printed in the docs.
    constexpr DemoStaff kStaff[] = {
        {"00000017", "王芳（3号窗口）", "staff", "246810"},
        {"00000042", "陈工（运维）", "maintainer", "135790"},
    };
    for (const auto& s : kStaff) {
        std::string hash = hashPin(Personal(s.pin));
        if (hash.empty()) throw std::runtime_error("cannot hash a demo staff PIN (out of memory?)");
        db.run("INSERT INTO staff(number, name, role, pin_hash) VALUES(?, ?, ?, ?)",
               {std::string(s.number), std::string(s.name), std::string(s.role), hash});
    }
}

std::string catalogJson() {
    using nlohmann::json;
    json services = json::array({
        {{"id", "balances"}, {"name", "查询补贴余额"}, {"online", true}, {"offline", "snapshot"}},
        {{"id", "assistance"},
         {"name", "申请社会救助"},
         {"offline", "queue"},
         {"types", json::array({{{"id", "dibao"}, {"name", "最低生活保障"}},
                                {{"id", "tekun"}, {"name", "特困人员救助供养"}},
                                {{"id", "linshi"}, {"name", "临时救助"}},
                                {{"id", "yiliao"}, {"name", "医疗救助"}}})}},
        {{"id", "marriage"}, {"name", "婚姻登记预约"}, {"offline", "queue-request"}},
        {{"id", "status"}, {"name", "查询办理进度"}, {"offline", "cache"}},
    });
    json kinds = json::array({
        {{"kind", "chongyang-points"}, {"name", "重阳分"}, {"unit", "points"}},
        {{"kind", "aixin-card"}, {"name", "爱心卡"}, {"unit", "yuan"}},
        {{"kind", "meal-discount"}, {"name", "助餐优惠"}, {"unit", "yuan"}},
        {{"kind", "age-allowance"}, {"name", "高龄津贴"}, {"unit", "yuan"}},
        {{"kind", "disability-allowance"}, {"name", "困难残疾人生活补贴"}, {"unit", "yuan"}},
    });
    return json{{"version", 1}, {"services", services}, {"balanceKinds", kinds}}.dump();
}

}  // namespace kiosk::central
