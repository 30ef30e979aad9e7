// Private: the factory behind make_abr_controller(), one class per algorithm in its own file.
#pragma once

#include <memory>

#include "streamforge/abr/controller.h"

namespace streamforge::abr {

// nullptr for an unknown name (AbrConfig::validate() rejects those first).
std::unique_ptr<AbrController> make_algorithm(const AbrConfig& config, const AbrLadder& ladder);

}  // namespace streamforge::abr
