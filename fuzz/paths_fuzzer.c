/* Scene paths: every path function on arbitrary bytes; normalising twice changes nothing. */
#include <sceneprobe.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const keep[] = {"F", "F4", NULL};
	sp_ctx *ctx = NULL;
	sp_buf a = SP_BUF_INIT, b = SP_BUF_INIT, c = SP_BUF_INIT;
	char *s = malloc(size + 1);
	int rc = 0;
	if (!s || sp_ctx_new(&ctx, NULL) < 0)
		goto done;
	memcpy(s, data, size);
	s[size] = '\0';
	if (sp_ctx_set_env(ctx, "HOME_X", "/home/x") < 0 ||
	    sp_ctx_add_path_map(ctx, "D:/proj", "/mnt/proj") < 0)
		goto done;
	(void)sp_path_kind_of(s);
	if (sp_path_normalize(&a, s) == 0 && sp_path_normalize(&b, a.ptr) == 0 && strcmp(a.ptr, b.ptr) != 0)
		abort(); /* normalisation must be idempotent */
	/* Any code is fine; only crashes, hangs and leaks are findings. */
	rc |= sp_path_to_server(&c, ctx, s);
	rc |= sp_path_dedupe_key(&c, s);
	rc |= sp_path_dirname(&c, s);
	rc |= sp_path_join(&c, "/base", s);
	rc |= sp_path_expand_vars(&c, ctx, s, keep, &b);
	rc |= sp_path_apply_maps(&c, ctx, s);
	(void)rc;
done:
	sp_buf_dispose(&a);
	sp_buf_dispose(&b);
	sp_buf_dispose(&c);
	sp_ctx_free(ctx);
	free(s);
	return 0;
}
