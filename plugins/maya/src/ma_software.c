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

int ma_saved_year(const ma_walk *w)
{
	const char *v = w->requires_version ? w->requires_version : w->header_version;
	int year = 0;
	for (int i = 0; v && i < 4; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		year = year * 10 + (v[i] - '0');
	}
	return year;
}

void ma_default_resolution(const ma_walk *w, double *width, double *height)
{
	/*
	 * A scene saves defaultResolution's width and height only when they
	 * differ from the node's defaults, which are HD 540 since Maya 2015
	 * (2017 files save 640 x 480 explicitly) and 640 x 480 before.
	 */
	int hd = ma_saved_year(w) >= 2015;
	*width = hd ? 960 : 640;
	*height = hd ? 540 : 480;
}
