#pragma once
// Private to drivers/documents: Leptonica helpers (RAII for PIX, conversion
// to and from kiosk::PageImage). Not part of the library's interface.
#include <leptonica/allheaders.h>

#include <memory>

#include "kiosk/core/documents.h"

namespace kiosk::documents::detail {

struct PixDeleter {
    void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// Leptonica prints its own errors to stderr; the kiosk reports failures as
// values instead. Idempotent, thread-safe.
void quietLeptonica();

// 8-bit grey or 32-bit RGB PIX holding a copy of the page (dpi carried over).
PixPtr pixFromPage(const PageImage& page);
// Grey (8 bpp) or colour (32 bpp) PIX to a page; other depths are converted.
PageImage pageFromPix(PIX* pix);

}  // namespace kiosk::documents::detail
