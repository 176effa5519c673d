/* registry.c - the table of parsers the sniffer asks to bid, in order of
 * precedence for equal bids. */
#include "config.h"

#include "parser.h"

const struct parser *const parser_table[] = {
	&parser_salesforce_metadata,
	&parser_salesforce_export,
	&parser_entra,
	&parser_m365_audit,
	&parser_har,
	&parser_addin_log,
	&parser_console,
	&parser_powershell,
	&parser_powerplatform,
	&parser_ticket,
	NULL,
};
