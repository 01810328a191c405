/* sp_index: the core's string map, exported for the shims.  Values are stored +1 so 0 is "absent". */
#include "util.h"
#include "sp/index.h"

struct sp_index {
	sp_map *map;
};

int sp_index_new(sp_index **out)
{
	sp_index *idx = sp__calloc(1, sizeof(*idx));
	if (!idx || sp_map_new(&idx->map) < 0) {
		sp__free(idx);
		return SP_ENOMEM;
	}
	*out = idx;
	return 0;
}

void sp_index_free(sp_index *idx)
{
	if (!idx)
		return;
	sp_map_free(idx->map, NULL);
	sp__free(idx);
}

int sp_index_set(sp_index *idx, const char *key, size_t value)
{
	if (value == SIZE_MAX)
		return SP_EUSER;
	return sp_map_set(idx->map, key, (void *)(uintptr_t)(value + 1), NULL) < 0 ? SP_ENOMEM : 0;
}

int sp_index_get(const sp_index *idx, const char *key, size_t *out)
{
	uintptr_t v = idx ? (uintptr_t)sp_map_get(idx->map, key) : 0;
	if (!v)
		return 0;
	*out = (size_t)(v - 1);
	return 1;
}

size_t sp_index_count(const sp_index *idx)
{
	return idx ? sp_map_count(idx->map) : 0;
}
