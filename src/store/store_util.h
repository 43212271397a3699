// Helpers shared by the store backends (kept out of include/dyad: they are
// how rows are encoded, not part of the Store contract).
#pragma once

#include <string>
#include <string_view>

#include "dyad/document.h"

namespace dyad::store_util {

// UTC now as "2024-01-27T10:00:00Z" (documents.ingested_at).
std::string NowIso();
// The first three characters of an actor code: its root ("IRQGOV" -> "IRQ").
std::string Root(const std::string& code);
// Inverses of ToString(Polarity / Modality / MentionKind) for stored rows.
Polarity PolarityFrom(std::string_view s);
Modality ModalityFrom(std::string_view s);
MentionKind KindFrom(std::string_view s);
// "2024-01-27" -> "2024-W04" (ISO 8601 week).
std::string IsoWeek(const std::string& day);

}  // namespace dyad::store_util
