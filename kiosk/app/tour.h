#pragma once
// The guided tour: drives the app through every screen in both languages and
// both orientations, in the standard, large-text and high-contrast modes, and
// saves one PNG per screen, named
//   <orientation>-<language>[-large|-contrast]-<NN>-<screen>.png
// Later issues add the steps of their flows here.
#include <string>

#include "kiosk/app/app.h"

namespace kiosk {

// Starts the app offscreen once per orientation (a fresh window each: the
// offscreen driver does not resize its GL surface). Returns the number of PNG
// files written, or -1 with a message on stderr on failure.
// Next to each picture, <same name>.layout.json records what was drawn (texts
// and touch targets; see writeLayout in tour.cpp) for the layout check.
// `only` non-empty: pictures only for the steps whose file name contains it
// (every step still runs, so each screen is reached the same way).
int runTour(const KioskConfig& config, const std::string& assetsDir, const std::string& dir, const std::string& only = "");

}  // namespace kiosk
