#include "deps_fmt.h"

int sp__deps_read_rib(sp__deps_file *df, int xml_escaped)
{
	(void)df;
	(void)xml_escaped;
	return 0;
}
