#include "json.h"

/* Windows-1252 for 0x80..0x9F; the rest of 0xA0..0xFF is Latin-1. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* Length of the valid UTF-8 sequence at p, 0 if invalid. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned min;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0)
		n = 2, min = 0x80, cp = p[0] & 0x1F;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 3, min = 0x800, cp = p[0] & 0x0F;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 4, min = 0x10000, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int put_codepoint(sp_buf *out, unsigned cp)
{
	char b[3];
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return sp_buf_put(out, b, 2);
	}
	b[0] = (char)(0xE0 | (cp >> 12));
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[2] = (char)(0x80 | (cp & 0x3F));
	return sp_buf_put(out, b, 3);
}

int sp__utf8_sanitize(sp_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int error = 0;
	sp_buf_clear(out);
	if (sp_buf_put(out, "", 0) < 0)
		return SP_ENOMEM;
	while (*p && error == 0) {
		size_t n = utf8_len(p);
		if (n) {
			error = sp_buf_put(out, (const char *)p, n);
			p += n;
		} else {
			error = put_codepoint(out, *p < 0xA0 ? cp1252_high[*p - 0x80] : *p);
			p++;
		}
	}
	return error;
}

static int is_ascii(const char *s)
{
	for (const unsigned char *q = (const unsigned char *)s; *q; q++)
		if (*q >= 0x80)
			return 0;
	return 1;
}

cJSON *sp__json_string(const char *s)
{
	sp_buf fixed = SP_BUF_INIT;
	cJSON *item;
	if (!s || is_ascii(s))
		return cJSON_CreateString(s ? s : "");
	item = sp__utf8_sanitize(&fixed, s) == 0 ? cJSON_CreateString(sp_buf_cstr(&fixed)) : NULL;
	sp_buf_dispose(&fixed);
	return item;
}

int sp__json_add_item(cJSON *obj, const char *key, cJSON *item)
{
	sp_buf fixed = SP_BUF_INIT;
	int ok;
	if (!item)
		return SP_ENOMEM;
	if (is_ascii(key)) {
		ok = cJSON_AddItemToObject(obj, key, item);
	} else {
		ok = sp__utf8_sanitize(&fixed, key) == 0 && cJSON_AddItemToObject(obj, sp_buf_cstr(&fixed), item);
		sp_buf_dispose(&fixed);
	}
	if (!ok) {
		cJSON_Delete(item);
		return SP_ENOMEM;
	}
	return 0;
}

int sp__json_add_str(cJSON *obj, const char *key, const char *s)
{
	return sp__json_add_item(obj, key, sp__json_string(s));
}

int sp__json_push_str(cJSON *arr, const char *s)
{
	cJSON *item = sp__json_string(s);
	if (!item)
		return SP_ENOMEM;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return SP_ENOMEM;
	}
	return 0;
}

int sp__json_render(sp_buf *out, const cJSON *root)
{
	char *text = cJSON_Print(root);
	int error;
	if (!text)
		return SP_ENOMEM;
	sp_buf_clear(out);
	error = sp_buf_puts(out, text);
	if (error == 0)
		error = sp_buf_putc(out, '\n');
	cJSON_free(text);
	return error;
}
