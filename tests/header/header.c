/* The public header must stand alone and compile cleanly under -pedantic, as C and as C++. */
#include <sceneprobe.h>

int main(void)
{
	sp_buf buf = SP_BUF_INIT;
	sp_fileref ref = SP_FILEREF_INIT;
	sp_ctx_options opts = SP_CTX_OPTIONS_INIT;
	(void)ref;
	(void)opts;
	sp_buf_dispose(&buf);
	return sp_version()[0] == '\0';
}
