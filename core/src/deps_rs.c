/*
 * Redshift proxies (.rs), path-attributes.md §4.8.  No public description
 * of the format exists; like the Renderbus analyser, the bytes are scanned
 * for text that reads as a drive-letter, UNC or "../" path ending in an
 * extension.  The reader only looks at bytes: it never runs Redshift.
 */
#include "deps_fmt.h"

/* Characters a path keeps after its start; ':' only as a drive's second character. */
static int path_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && !strchr("\"|*?:", c); /* <UDIM> tokens keep <> */
}

/* Length of a path start at p: "C:/", "C:\", "//x", "\\x", "../", "..\"; 0 when none. */
static size_t anchor(const char *p, size_t left)
{
	if (left >= 3 && sp__isalpha((unsigned char)p[0]) && p[1] == ':' && (p[2] == '/' || p[2] == '\\'))
		return 3;
	if (left >= 3 && (p[0] == '/' || p[0] == '\\') && p[1] == p[0] && sp__isalnum((unsigned char)p[2]))
		return 2;
	if (left >= 3 && p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\\'))
		return 3;
	return 0;
}

/* The path's length up to the end of its last extension (".exr", ".tx"), 0 when it has none. */
static size_t up_to_extension(const char *p, size_t len)
{
	for (size_t end = len; end > 1; end--) {
		size_t dot = end;
		while (dot > 0 && sp__isalnum((unsigned char)p[dot - 1]) && end - dot < 9)
			dot--;
		if (dot > 1 && dot < end && p[dot - 1] == '.' && p[dot - 2] != '/' && p[dot - 2] != '\\')
			return end;
		if (p[end - 1] == '/' || p[end - 1] == '\\')
			return 0;
	}
	return 0;
}

static int scan_piece(sp__deps_file *df, const char *p, size_t len)
{
	int error = 0;
	for (size_t i = 0; i < len && error == 0 && !df->full; i++) {
		size_t a, j, keep;
		if ((a = anchor(p + i, len - i)) == 0)
			continue;
		for (j = i + a; j < len && path_char((unsigned char)p[j]);)
			j++;
		keep = up_to_extension(p + i, j - i);
		if (keep > a)
			error =
			    sp__deps_declare(df, p + i, keep, (sp_ref_kind)0, 0, "(proxy)", "path", 0, NULL);
		i = j > i ? j - 1 : i;
	}
	return error;
}

int sp__deps_read_rs(sp__deps_file *df)
{
	int error = 0;
	while (error == 0 && sp__deps_next_line(df) > 0)
		error = scan_piece(df, df->lines.line.ptr, df->lines.line.size);
	return error;
}
