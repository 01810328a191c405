/* Maya version in the farm's spelling, from the header and `requires maya`. */
#include "ma_walk.h"

char *ma_farm_version(const char *v)
{
	size_t year = 0;
	while (*v == ' ')
		v++;
	while (v[year] >= '0' && v[year] <= '9')
		year++;
	if (year == 4) {
		/* 2016 Extension 2 was saved as "2016R2"; the farm calls it 2016.5. */
		if (strncmp(v + 4, "R2", 2) == 0 || strstr(v + 4, "Extension 2")) {
			char *out = ma_malloc(7);
			if (out) {
				memcpy(out, v, 4);
				memcpy(out + 4, ".5", 3);
			}
			return out;
		}
		return ma_strndup(v, 4); /* "2018ff09", "2011 x64", "2025ff03" */
	}
	return ma_strndup(v, strcspn(v, " ")); /* "4.0", "7.0", "7.0.1" */
}

int ma_feed_software(ma_walk *w)
{
	const char *v = w->requires_version ? w->requires_version : w->header_version;
	char *farm;
	int error;
	if (!v || !*v)
		return 0;
	farm = ma_farm_version(v);
	if (!farm)
		return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory");
	error = sp_scene_set_version(w->ses->scene, farm);
	ma_free(farm);
	return error;
}
