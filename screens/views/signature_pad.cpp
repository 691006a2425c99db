#include "screens/views/signature_pad.h"

#include <algorithm>

#include "screens/widgets.h"

namespace kiosk {

ImVec2 signaturePadSize(ImVec2 avail) {
    const float w = std::min(avail.x, avail.y * kSignatureAspect);
    return ImVec2(w, w / kSignatureAspect);
}

SignatureInput signaturePad(UiContext& ui, const char* targetId, const Signature& signature, ImVec2 pos, ImVec2 size) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, max, IM_COL32(255, 255, 255, 255), t.rounding);
    dl->AddRect(pos, max, t.primary.u32(), t.rounding, 0, 3 * s);
    // The line to sign on, as on paper.
    const float lineY = pos.y + size.y * 0.78f;
    dl->AddLine(ImVec2(pos.x + size.x * 0.06f, lineY), ImVec2(max.x - size.x * 0.06f, lineY), t.border.u32(), 2 * s);

    // The pen as the PNG has it: the same thickness relative to the height.
    const float pen = std::max(2.0f, size.y / 50.0f);
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    for (const SignatureStroke& stroke : signature.strokes) {
        if (stroke.size() == 1) {
            dl->AddCircleFilled(ImVec2(pos.x + stroke[0].x * size.x, pos.y + stroke[0].y * size.y), pen / 2, ink);
            continue;
        }
        for (size_t i = 1; i < stroke.size(); ++i)
            dl->AddLine(ImVec2(pos.x + stroke[i - 1].x * size.x, pos.y + stroke[i - 1].y * size.y),
                        ImVec2(pos.x + stroke[i].x * size.x, pos.y + stroke[i].y * size.y), ink, pen);
    }

    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton(targetId, size);
    recordTarget(ui, targetId, pos, max);
    SignatureInput input;
    if (!ImGui::IsItemActive()) return input;
    const ImVec2 m = ImGui::GetIO().MousePos;
    input.x = std::clamp((m.x - pos.x) / size.x, 0.0f, 1.0f);
    input.y = std::clamp((m.y - pos.y) / size.y, 0.0f, 1.0f);
    if (ImGui::IsItemActivated()) input.began = true;
    else input.moved = true;
    return input;
}

}  // namespace kiosk
