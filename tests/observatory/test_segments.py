from apure.observatory import segments


def test_segments_match_cpv_prefixes():
    assert segments.get("restauration-collective").matches("15800000")
    assert segments.get("travaux").matches("45210000")
    assert not segments.get("travaux").matches(None)
    families = segments.families()
    for division in ("03", "15", "30", "45", "72", "90"):
        assert sum(family.matches(division + "000000") for family in families) == 1
