/* The shim's own helpers: locale-free numbers, MEL booleans, the string map. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ma_util.h"

Test(ma_util, parses_numbers_without_the_locale)
{
	double d;
	int64_t i;
	cr_assert_eq(ma_parse_double("2.6182755992670962e-15", &d), 0);
	cr_assert(d > 2.618e-15 && d < 2.619e-15);
	cr_assert_eq(ma_parse_double("-12.5", &d), 0);
	cr_assert(d == -12.5);
	cr_assert_eq(ma_parse_double("1,5", &d), -1);
	cr_assert_eq(ma_parse_double("", &d), -1);
	cr_assert_eq(ma_parse_double("e5", &d), -1);
	cr_assert_eq(ma_parse_i64("-42", &i), 0);
	cr_assert_eq(i, -42);
	cr_assert_eq(ma_parse_i64("99999999999999999999", &i), -1);
	cr_assert_eq(ma_parse_i64("4.0", &i), -1);
}

Test(ma_util, formats_numbers_with_a_point)
{
	char out[64];
	ma_format_double(out, sizeof(out), 20);
	cr_assert_str_eq(out, "20");
	ma_format_double(out, sizeof(out), -0.5);
	cr_assert_str_eq(out, "-0.5");
	ma_format_double(out, sizeof(out), 1.9999999);
	cr_assert_str_eq(out, "2");
	ma_format_double(out, sizeof(out), 101.25);
	cr_assert_str_eq(out, "101.25");
}

Test(ma_util, reads_mel_booleans)
{
	cr_assert_eq(ma_parse_bool("yes", 0), 1);
	cr_assert_eq(ma_parse_bool("off", 1), 0);
	cr_assert_eq(ma_parse_bool("0", 1), 0);
	cr_assert_eq(ma_parse_bool("2", 0), 1);
	cr_assert_eq(ma_parse_bool("maybe", 1), 1);
	cr_assert_eq(ma_parse_bool(NULL, 0), 0);
}

Test(ma_util, maps_many_keys)
{
	ma_map m = MA_MAP_INIT;
	char key[32];
	size_t v;
	for (size_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "node%zu", i);
		cr_assert_eq(ma_map_set(&m, key, i), 0);
	}
	cr_assert_eq(ma_map_set(&m, "node7", 70000), 0);
	cr_assert_eq(sp_index_count(m.idx), 5000);
	cr_assert(ma_map_get(&m, "node4999", &v));
	cr_assert_eq(v, 4999);
	cr_assert(ma_map_get(&m, "node7", &v));
	cr_assert_eq(v, 70000);
	cr_assert_not(ma_map_get(&m, "node5000", &v));
	ma_map_dispose(&m);
}
