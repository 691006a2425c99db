#include "screens/views/assist_household_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
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
    const bool keyed = !flow.memberFromCard();
    // Landscape with a number to key in: the panel in the left 55% of the
    // body, the keypad the full height at the right. Otherwise the body.
    Rect column = l.body(), pad;
    if (keyed && !l.portrait) pad = column.takeRight(column.width() * 0.45f - 2 * gap, 2 * gap);
    const float colW = column.width();
    // Cancel and Add at the bottom of the panel's column.
    const std::vector<Rect> buttons = columns(column.takeBottom(l.minTarget, gap), 2, gap);

    if (keyed) {
        std::string value = flow.text(Field::MemberId).reveal();
        bool tapped = false;
        column.takeTop(assistField(ui, "assist.member.number", ui.tr("assist.member.number"), value,
                                   ui.tr("assist.member.placeholder"),
                                   flow.fieldError(Field::MemberId) ? ui.tr(flow.fieldError(Field::MemberId)) : nullptr,
                                   flow.focus() == Field::MemberId, column.min, colW, &tapped),
                       gap);
        secureWipe(value);
        if (tapped) flow.focusField(Field::MemberId);
    } else {
        // From the card: name and masked number, nothing to key in.
        std::string line = Strings::format(ui.tr("assist.member.from_card"),
                                           {{"name", flow.memberName().reveal()},
                                            {"number", maskedNumber(flow.memberId().reveal())}});
        column.takeTop(notice(ui, line.c_str(), column.min, colW, NoticeKind::Success), gap);
        secureWipe(line);
        if (const char* e = flow.fieldError(Field::MemberId)) {
            wrappedText(t.fonts.body, ui.tr(e), column.min, colW, t.warning.u32());
            column.takeTop(wrappedHeight(t.fonts.body, ui.tr(e), colW), gap);
        }
    }

    plainText(t.fonts.body, ui.tr("assist.member.relation"), column.min, t.textMuted.u32());
    column.takeTop(t.fonts.body->FontSize, 8 * s);
    // The relations in two rows of two, or in one row of four when two rows
    // would run into Add and Cancel (large text on a landscape screen).
    const float room = column.height();
    const float preferred = std::max(l.minTarget * 0.8f, 60.0f * s);
    const int relCols = 2 * preferred + gap <= room ? 2 : 4;
    const float relH = std::max(l.minTouch, std::min(preferred, relCols == 2 ? (room - gap) / 2 : room));
    const auto cells = grid(column, static_cast<int>(kAllRelations.size()), relCols, gap, relH);
    for (size_t i = 0; i < kAllRelations.size(); ++i) {
        const Relation r = kAllRelations[i];
        std::string target = std::string("assist.member.relation.") + relationName(r);
        if (choiceButton(ui, target.c_str(), ui.tr(relationKey(r)), flow.memberRelation() == r, cells[i].min, cells[i].size()))
            flow.chooseRelation(r);
    }
    column.takeTop(cells.back().max.y - column.min.y, gap);

    if (bigButton(ui, "assist.member.cancel", ui.tr("assist.member.cancel"), buttons[0].min, buttons[0].size(),
                  ButtonKind::Secondary))
        flow.closeMemberPanel();
    if (bigButton(ui, "assist.member.add", ui.tr("assist.member.add"), buttons[1].min, buttons[1].size()))
        flow.addMember();

    if (!keyed) return;
    if (l.portrait) pad = column;  // below the relations
    if (char c = assistKeypad(ui, "assist", kIdKeys, pad.min, pad.size())) {
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
    Rect area = l.content();
    area.takeTop(notice(ui, ui.tr("assist.household.hint"), area.min, area.width(), NoticeKind::Info), gap);
    // Paging and "key in a number" on one row above Next.
    Rect addRow = area.takeBottom(l.minTarget, gap);

    const auto& members = flow.household();
    const float rowH = std::max(l.minTarget, t.fonts.button->FontSize * 2.4f);
    if (members.empty()) {
        plainText(t.fonts.button, ui.tr("assist.household.none"), area.min, t.textMuted.u32());
        area.takeTop(t.fonts.button->FontSize, gap);
    }
    // Rows of members, paged when more than fit above the buttons.
    const size_t perPage = std::max<size_t>(1, static_cast<size_t>((area.height() + gap) / (rowH + gap)));
    const size_t pages = std::max<size_t>(1, (members.size() + perPage - 1) / perPage);
    page_ = std::min(page_, pages - 1);
    const float removeW = std::min(area.width() * 0.3f, 300 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = page_ * perPage; i < std::min(members.size(), (page_ + 1) * perPage); ++i) {
        const HouseholdMember& m = members[i];
        const Rect row = area.takeTop(rowH, gap);
        dl->AddRectFilled(row.min, row.max, t.surface.u32(), t.rounding);
        std::string who = std::string(ui.tr(relationKey(m.relation))) + "  " +
                          (m.name.empty() ? std::string(ui.tr("assist.member.unnamed")) : m.name.reveal());
        fittedText(t.fonts.button, who.c_str(), ImVec2(row.min.x + 24 * s, row.min.y + 10 * s), row.width() - removeW - 60 * s,
                   t.text.u32());
        secureWipe(who);
        std::string number = maskedNumber(m.idNumber.reveal());
        plainText(t.fonts.body, number.c_str(), ImVec2(row.min.x + 24 * s, row.max.y - t.fonts.body->FontSize - 12 * s),
                  t.textMuted.u32());
        const Rect remove = row.inset(10 * s).takeRight(removeW);
        std::string target = "assist.member.remove." + std::to_string(i);
        if (bigButton(ui, target.c_str(), ui.tr("assist.member.remove"), remove.min, remove.size(), ButtonKind::Secondary))
            flow.removeMember(i);
    }

    if (pages > 1) {
        const float pw = std::min(addRow.width() / 4, 260 * s);
        const Rect previous = addRow.takeLeft(pw, gap), next = addRow.takeLeft(pw, gap);
        if (bigButton(ui, "assist.household.previous", ui.tr("assist.previous"), previous.min, previous.size(),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        if (bigButton(ui, "assist.household.next_page", ui.tr("assist.next_page"), next.min, next.size(),
                      ButtonKind::Secondary, page_ + 1 < pages))
            ++page_;
    }
    if (bigButton(ui, "assist.household.key_in", ui.tr("assist.household.key_in"), addRow.min, addRow.size(),
                  ButtonKind::Secondary, members.size() < kMaxHouseholdMembers))
        flow.openMemberPanel();
    if (wizardNext(ui, "assist.household.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.householdDone();
}

}  // namespace kiosk
