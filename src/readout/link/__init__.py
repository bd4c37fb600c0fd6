"""Linking to Wikidata: the offline gazetteer, linking in context, online look-ups."""
