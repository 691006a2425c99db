#include "screens/views/assist_household_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

using Field = AssistanceFlow::Field;

// The panel where one member is added: the number (keyed in, or from the
// card with the name), the relation, Add and Cancel; the keypad beside it
// (landscape) or below it (portrait).
void drawMemberPanel(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const bool keyed = !flow.memberFromCard();
    const float colW = l.portrait || !keyed ? bs.x : bs.x * 0.55f;
    float y = b0.y;

    if (keyed) {
        std::string value = flow.text(Field::MemberId).reveal();
        bool tapped = false;
        y += assistField(ui, "assist.member.number", ui.tr("assist.member.number"), value, ui.tr("assist.member.placeholder"),
                         flow.fieldError(Field::MemberId) ? ui.tr(flow.fieldError(Field::MemberId)) : nullptr,
                         flow.focus() == Field::MemberId, ImVec2(b0.x, y), colW, &tapped) + gap;
        secureWipe(value);
        if (tapped) flow.focusField(Field::MemberId);
    } else {
        // From the card: name and masked number, nothing to key in.
        std::string line = Strings::format(ui.tr("assist.member.from_card"),
                                           {{"name", flow.memberName().reveal()},
                                            {"number", maskedNumber(flow.memberId().reveal())}});
        y += notice(ui, line.c_str(), ImVec2(b0.x, y), colW, NoticeKind::Success) + gap;
        secureWipe(line);
        if (const char* e = flow.fieldError(Field::MemberId)) {
            wrappedText(t.fonts.body, ui.tr(e), ImVec2(b0.x, y), colW, t.warning.u32());
            y += wrappedHeight(t.fonts.body, ui.tr(e), colW) + gap;
        }
    }

    plainText(t.fonts.body, ui.tr("assist.member.relation"), ImVec2(b0.x, y), t.textMuted.u32());
    y += t.fonts.body->FontSize + 8 * s;
    // The relations in two rows of two, or in one row of four when two rows
    // would run into Add and Cancel (large text on a landscape screen).
    const float buttonsY = wizardBottom(ui);
    const float room = buttonsY - gap - y;
    const float preferred = std::max(l.minTarget * 0.8f, 60.0f * s);
    const int relCols = 2 * preferred + gap <= room ? 2 : 4;
    const float relH = std::max(l.minTouch, std::min(preferred, relCols == 2 ? (room - gap) / 2 : room));
    const auto cells = grid(Rect{ImVec2(b0.x, y), ImVec2(b0.x + colW, y)}, static_cast<int>(kAllRelations.size()), relCols,
                            gap, relH);
    for (size_t i = 0; i < kAllRelations.size(); ++i) {
        const Relation r = kAllRelations[i];
        std::string target = std::string("assist.member.relation.") + relationName(r);
        if (choiceButton(ui, target.c_str(), ui.tr(relationKey(r)), flow.memberRelation() == r, cells[i].min, cells[i].size()))
            flow.chooseRelation(r);
    }
    y = cells.back().max.y + gap;

    // Add and Cancel: at the bottom of the left column (landscape) or of the body.
    const float bw = (colW - gap) / 2;
    if (bigButton(ui, "assist.member.cancel", ui.tr("assist.member.cancel"), ImVec2(b0.x, buttonsY), ImVec2(bw, l.minTarget),
                  ButtonKind::Secondary))
        flow.closeMemberPanel();
    if (bigButton(ui, "assist.member.add", ui.tr("assist.member.add"), ImVec2(b0.x + bw + gap, buttonsY),
                  ImVec2(bw, l.minTarget)))
        flow.addMember();

    if (!keyed) return;
    ImVec2 padPos, padSize;
    if (l.portrait) {
        padPos = ImVec2(b0.x, y);
        padSize = ImVec2(bs.x, buttonsY - gap - y);
    } else {
        padPos = ImVec2(b0.x + colW + 2 * gap, b0.y);
        padSize = ImVec2(bs.x - colW - 2 * gap, bs.y);
    }
    if (char c = assistKeypad(ui, "assist", kIdKeys, padPos, padSize)) {
        flow.focusField(Field::MemberId);
        if (c == '<') flow.keypadBackspace();
        else flow.keypadPress(c);
    }
}

}  // namespace

const char* AssistHouseholdScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.household.title"); }

void AssistHouseholdScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    if (flow.memberPanelOpen()) {
        drawMemberPanel(ui, flow);
        return;
    }
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    y += notice(ui, ui.tr("assist.household.hint"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;

    const auto& members = flow.household();
    const float bottom = wizardBottom(ui) - gap;
    const float addH = l.minTarget;
    const float rowH = std::max(l.minTarget, t.fonts.button->FontSize * 2.4f);
    if (members.empty()) {
        plainText(t.fonts.button, ui.tr("assist.household.none"), ImVec2(b0.x, y), t.textMuted.u32());
        y += t.fonts.button->FontSize + gap;
    }
    // Rows of members, paged when more than fit above the buttons.
    const size_t perPage = std::max<size_t>(1, static_cast<size_t>((bottom - addH - gap - y + gap) / (rowH + gap)));
    const size_t pages = std::max<size_t>(1, (members.size() + perPage - 1) / perPage);
    page_ = std::min(page_, pages - 1);
    const float removeW = std::min(bs.x * 0.3f, 300 * s);
    for (size_t i = page_ * perPage; i < std::min(members.size(), (page_ + 1) * perPage); ++i) {
        const HouseholdMember& m = members[i];
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + rowH), t.surface.u32(), t.rounding);
        std::string who = std::string(ui.tr(relationKey(m.relation))) + "  " +
                          (m.name.empty() ? std::string(ui.tr("assist.member.unnamed")) : m.name.reveal());
        fittedText(t.fonts.button, who.c_str(), ImVec2(b0.x + 24 * s, y + 10 * s), bs.x - removeW - 60 * s, t.text.u32());
        secureWipe(who);
        std::string number = maskedNumber(m.idNumber.reveal());
        plainText(t.fonts.body, number.c_str(), ImVec2(b0.x + 24 * s, y + rowH - t.fonts.body->FontSize - 12 * s), t.textMuted.u32());
        std::string target = "assist.member.remove." + std::to_string(i);
        if (bigButton(ui, target.c_str(), ui.tr("assist.member.remove"), ImVec2(b0.x + bs.x - removeW - 10 * s, y + 10 * s),
                      ImVec2(removeW, rowH - 20 * s), ButtonKind::Secondary))
            flow.removeMember(i);
        y += rowH + gap;
    }

    // Paging and "key in a number" on one row above Next.
    const float addY = bottom - addH;
    float x = b0.x;
    const float pw = std::min(bs.x / 4, 260 * s);
    if (pages > 1) {
        if (bigButton(ui, "assist.household.previous", ui.tr("assist.previous"), ImVec2(x, addY), ImVec2(pw, addH),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        x += pw + gap;
        if (bigButton(ui, "assist.household.next_page", ui.tr("assist.next_page"), ImVec2(x, addY), ImVec2(pw, addH),
                      ButtonKind::Secondary, page_ + 1 < pages))
            ++page_;
        x += pw + gap;
    }
    if (bigButton(ui, "assist.household.key_in", ui.tr("assist.household.key_in"), ImVec2(x, addY),
                  ImVec2(b0.x + bs.x - x, addH), ButtonKind::Secondary, members.size() < kMaxHouseholdMembers))
        flow.openMemberPanel();
    if (wizardNext(ui, "assist.household.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.householdDone();
}

}  // namespace kiosk
