#pragma once
#include <libxml/xmlversion.h>
// libxml2's ICU support would pull the system's <unicode/*.h> into this module, and those
// clash with the ICU copy Foundation ships (_FoundationICU). Swift never touches the
// ICU-only fields of xmlCharEncodingHandler (it is only handled by pointer), so the headers
// are read as if libxml2 were built without ICU; the library itself is unchanged.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
