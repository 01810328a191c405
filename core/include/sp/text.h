/*
 * Locale-free number parsing for scene text.  A DCC host may set
 * LC_NUMERIC to a locale whose decimal point is ',', so strtod is never
 * used on file data; every reader parses numbers through these.
 */
#ifndef SP_TEXT_H
#define SP_TEXT_H

#include "common.h"

SP_BEGIN_DECL

/** Parse [text, text+len) as a decimal integer with optional sign.  0, or -1 when it is not one or overflows.
 */
SP_EXTERN(int) sp_parse_i64(const char *text, size_t len, int64_t *out);
/** Parse [text, text+len) as a decimal number ("1", "-2.5", ".5", "1e3").  0, or -1 when it is not one. */
SP_EXTERN(int) sp_parse_double(const char *text, size_t len, double *out);

SP_END_DECL

#endif
