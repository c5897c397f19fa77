"""Tests for tipwatch/ingest/boilerplate.py: site-wrapper lines go, document lines stay."""

import pytest

from tipwatch.ingest.boilerplate import is_boilerplate, is_language_list, remove_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Last Updated: Monday, 3 April 2017, 10:02 GMT",
        "Última actualización: 20 de marzo de 2019",
        "Search Bajíonoticias",
        "Search this site",
        "Translate this site into your language",
        "Powered by…",
        "Powered by WordPress",
        "  • Photos hosted by Flickr",
        "Images hosted by , ,",
        "Questions or feedback can be sent to:",
        "DisclaimerThis is not a Harbour Archive publication. The archive is not responsible for its content.",
        "Disclaimer: the site is not responsible for the content of external links.",
        "This is not a Harbour Archive publication.",
        "Cite as Ministry of Labour, Annual Report on Forced Labour, 2 May 2011, available at: [accessed 1 June 2016]",
        "SEE MORE: Forced labour in the fishing fleets",
        "SEE ALSO: Our coverage of Nigeria",
        "Read More",
        "Leia também: Operação resgata 20 trabalhadores",
        "Write a comment",
        "Leave a Reply",
        "Deixe um comentário",
        "Your email address will not be published. Required fields are marked *",
        "Follow @kwamewrites",
        "•",
        "|",
        "© 2021 Harbour Post. All rights reserved.",
        "Privacy Policy | Terms of Use",
        "Tags: trafficking, Lagos, courts",
    ],
)
def test_is_boilerplate_recognises_site_wrapper(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Source: Agencia Informativa del Bajío",
        "Publisher Ministry of Labour of Ghana",
        "Author Office to Combat Forced Labour",
        "By Adaeze Okonkwo-Bright",
        "Publication Date 5 May 2011",
        "Posted on 18 March 2021",
        "InSight Analysis",
        "Comment",
        "Search warrants were executed at four addresses in Tema.",
        "Search and rescue teams reached the boat at dawn.",
        "The court said the disclaimer signed by the workers was not valid.",
        "Police said more arrests would follow; read more in our report of Monday.",
        "@highlight",
    ],
)
def test_is_boilerplate_keeps_document_lines(line):
    assert not is_boilerplate(line)


def test_is_language_list_spots_a_translation_widget():
    assert is_language_list("British/English Dutch Greek Russian Portuguese")
    assert is_language_list("Español Français Deutsch Italiano")
    assert is_language_list("Deutsch Italiano")
    assert not is_language_list("Spanish police arrested French and German nationals")
    assert not is_language_list("Spanish police")


def test_remove_boilerplate_drops_a_sidebar_heading_that_leads_into_wrapper():
    paragraphs = [
        "Useful Links",
        "Powered by Blogger",
        "March 3, 2010",
        "Headline of the story",
        "Body text.",
    ]
    assert remove_boilerplate(paragraphs) == ["March 3, 2010", "Headline of the story", "Body text."]


def test_remove_boilerplate_keeps_a_heading_followed_by_text():
    paragraphs = ["Useful Links", "The shelter in Kumasi opened in May.", "Read More"]
    assert remove_boilerplate(paragraphs) == ["Useful Links", "The shelter in Kumasi opened in May."]
