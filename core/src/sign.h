/*
 * Request signing for the farm API (spec/renderbus-api.md, "Signature"):
 * merge the body over the signed headers, flatten, sort the keys by byte,
 * join, prefix with "[POST]domain:path&", HMAC-SHA256 with the access key,
 * base64.
 */
#ifndef SP_SIGN_H
#define SP_SIGN_H

#include "util.h"

#include <cjson/cJSON.h>

/*
 * The string to sign for `body` (a JSON object; NULL means {}) merged over
 * `headers` (a flat object of strings).  SP_EUSER when a value cannot be
 * signed (boolean, null, non-integral number).
 */
int sp__sign_string(sp_buf *out, sp_ctx *ctx, const char *domain, const char *path, const cJSON *headers,
                    const cJSON *body);

/* Standard base64 (with padding) of HMAC-SHA256(key, msg) into `out` (cleared first). */
int sp__hmac_sha256_b64(sp_buf *out, sp_ctx *ctx, const char *key, const char *msg, size_t msg_len);

/* Lower-case hex SHA-256 of `len` bytes into `out` (65 bytes with the terminator). */
int sp__sha256_hex(char out[65], const void *data, size_t len);

#endif
