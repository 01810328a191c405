/* Frame ranges and pre_frames: parse whatever comes, and a parsed value must round-trip. */
#include <sceneprobe.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	sp_ctx *ctx = NULL;
	sp_frames *frames = NULL, *again = NULL, *custom = NULL;
	sp_buf text = SP_BUF_INIT, text2 = SP_BUF_INIT;
	int flags[3];
	char *s = malloc(size + 1);
	if (!s || sp_ctx_new(&ctx, NULL) < 0)
		goto done;
	memcpy(s, data, size);
	s[size] = '\0';
	if (sp_frames_parse(&frames, ctx, s) == 0) {
		(void)sp_frames_count(frames);
		(void)sp_frames_contains(frames, 1);
		if (sp_frames_format(&text, frames) == 0 && sp_frames_parse(&again, ctx, text.ptr) == 0 &&
		    sp_frames_format(&text2, again) == 0 && strcmp(text.ptr, text2.ptr) != 0)
			abort(); /* formatting must be stable */
	}
	if (sp_pre_frames_parse(flags, &custom, ctx, s) == 0) {
		sp_buf_clear(&text);
		if (sp_pre_frames_format(&text, flags, custom) < 0)
			goto done;
	}
done:
	sp_frames_free(frames);
	sp_frames_free(again);
	sp_frames_free(custom);
	sp_buf_dispose(&text);
	sp_buf_dispose(&text2);
	sp_ctx_free(ctx);
	free(s);
	return 0;
}
