// Private helpers of the extract module: UTF-8 decoding, character classes and
// small string utilities used by the pre-scraped text cleaner. Not part of the
// public API (include/dyad/text.h is the public text toolkit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dyad::extract {

inline constexpr char32_t kBadCodepoint = 0xFFFD;

// Decodes the code point at s[i]. Returns its byte length (always >= 1, so a
// loop advancing by it terminates); invalid or truncated sequences yield
// kBadCodepoint with length 1.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp);

// Decodes the code point that ends just before s[end]. Returns its length
// (>= 1 when end > 0), 0 when end == 0.
size_t DecodeUtf8Before(std::string_view s, size_t end, char32_t* cp);

bool IsValidUtf8(std::string_view s);

// A copy of s with invalid bytes replaced by spaces, cut to at most max_bytes
// on a code point boundary. Always valid UTF-8.
std::string SanitizeUtf8(std::string_view s, size_t max_bytes);

// Whitespace including NBSP, zero-width spaces and the BOM.
bool IsSpaceCp(char32_t c);
// Hyphen, figure/en/em dashes, horizontal bar, minus sign.
bool IsDashCp(char32_t c);
// Latin letters beyond ASCII (À..ɏ): the markers of a non-English Latin text.
bool IsLatinExtLetter(char32_t c);
// A letter, as far as this module cares: ASCII letters and any non-ASCII code
// point that is not punctuation, a symbol, a space or a control character.
bool IsLetterCp(char32_t c);
bool IsUpperCp(char32_t c);
bool IsLowerCp(char32_t c);

// Trims IsSpaceCp code points at both ends; returns the trimmed offsets.
void TrimRange(std::string_view s, size_t* begin, size_t* end);
std::string_view Trim(std::string_view s);

// Lower-cases ASCII, folds typographic quotes and dashes to ASCII, collapses
// whitespace runs to one space and trims. Linear.
std::string Normalise(std::string_view s);

}  // namespace dyad::extract
