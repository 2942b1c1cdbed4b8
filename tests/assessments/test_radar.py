"""The SVG radar chart: well-formed, accessible, escaped, with values in the right places."""

import math
import xml.etree.ElementTree as ET

from django.utils import translation
from django.utils.safestring import SafeString

import pytest

from assessments.radar import RadarSeries, radar_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
AXES = [
    ("expert", "Expert"),
    ("communicative", "Communicative"),
    ("managerial", "Managerial"),
    ("research", "Research"),
    ("project", "Project"),
]
CURRENT = RadarSeries(
    "Current", {"expert": 100, "communicative": 50, "managerial": 75, "research": 25}, "radar-current"
)
ENTRY = RadarSeries("Entry", {"expert": 40, "communicative": None}, "radar-entry")


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def series_polygons(root):
    return [p for p in root.iterfind(".//svg:polygon", NS) if "radar-series" in p.get("class").split()]


def polygon_points(polygon):
    return [tuple(float(n) for n in pair.split(",")) for pair in polygon.get("points").split()]


def geometry(root):
    """The centre and radius, from the outer grid polygon (100 %): its first vertex is straight above the centre."""
    grid = [p for p in root.iterfind(".//svg:polygon", NS) if p.get("class") == "radar-grid"]
    outer = polygon_points(grid[-1])
    _x, _y, width, height = (float(n) for n in root.get("viewBox").split())
    cx, cy = width / 2, height / 2
    return cx, cy, cy - outer[0][1]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_output_is_safe_well_formed_svg():
    svg = radar_svg(AXES, [CURRENT, ENTRY], title="Profile")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "<script" not in svg
    assert "href" not in svg


def test_accessible_name_and_description():
    root = parse(radar_svg(AXES, [CURRENT, ENTRY], title="Profile"))
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.text == "Profile"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert "Expert, Communicative, Managerial, Research, Project" in desc.text
    assert "Current: Expert 100, Communicative 50, Managerial 75, Research 25, Project no data." in desc.text
    assert "Entry: Expert 40, Communicative no data" in desc.text


def test_default_title():
    assert parse(radar_svg(AXES, [])).find("svg:title", NS).text == "Competency profile"


def test_ids_are_unique_per_call():
    first, second = parse(radar_svg(AXES, [CURRENT])), parse(radar_svg(AXES, [CURRENT]))
    assert first.find("svg:title", NS).get("id") != second.find("svg:title", NS).get("id")


def test_grid_axes_labels_and_series_counts():
    root = parse(radar_svg(AXES, [CURRENT, ENTRY]))
    assert len([p for p in root.iterfind(".//svg:polygon", NS) if p.get("class") == "radar-grid"]) == 4
    assert len(root.findall(".//svg:line[@class='radar-axis']", NS)) == 5
    labels = root.findall(".//svg:text[@class='radar-label']", NS)
    assert ["".join(label.itertext()) for label in labels] == [label for _code, label in AXES]
    polygons = series_polygons(root)
    assert [p.get("class") for p in polygons] == ["radar-series radar-current", "radar-series radar-entry"]
    assert all(len(polygon_points(p)) == 5 for p in polygons)


def test_points_are_marked_only_for_known_values():
    root = parse(radar_svg(AXES, [CURRENT, ENTRY]))
    assert len(root.findall(".//svg:circle", NS)) == 4 + 1
    tooltip = root.find(".//svg:circle/svg:title", NS)
    assert tooltip.text == "Current, Expert: 100"


def test_hundred_on_the_first_axis_is_at_the_top():
    root = parse(radar_svg(AXES, [CURRENT]))
    cx, cy, radius = geometry(root)
    x, y = polygon_points(series_polygons(root)[0])[0]
    assert x == pytest.approx(cx)
    assert y == pytest.approx(cy - radius)
    assert radius > 0


def test_known_value_coordinates_on_another_axis():
    root = parse(radar_svg(AXES, [CURRENT], size=400))
    cx, cy, radius = geometry(root)
    points = polygon_points(series_polygons(root)[0])
    # 50 on the second axis, 72 degrees clockwise from the top.
    angle = -math.pi / 2 + 2 * math.pi / 5
    assert points[1] == pytest.approx((cx + radius / 2 * math.cos(angle), cy + radius / 2 * math.sin(angle)), abs=0.01)
    # No value for "project": drawn at the centre, the polygon still has a vertex there.
    assert points[4] == pytest.approx((cx, cy))


def test_values_are_clamped():
    series = RadarSeries(
        "Odd", {"expert": 250, "communicative": -40, "managerial": float("nan"), "research": 10**400}, "x"
    )
    root = parse(radar_svg(AXES, [series]))
    cx, cy, radius = geometry(root)
    points = polygon_points(series_polygons(root)[0])
    assert points[0] == pytest.approx((cx, cy - radius))
    assert points[1] == pytest.approx((cx, cy))
    assert points[2] == pytest.approx((cx, cy))
    assert math.dist(points[3], (cx, cy)) == pytest.approx(radius, abs=0.01)
    assert "Expert 100, Communicative 0, Managerial no data, Research 100" in root.find("svg:desc", NS).text


def test_labels_are_escaped():
    axes = [("expert", "<script>alert(1)</script>"), ("communicative", 'A "quoted" & <b>bold</b>'), ("project", "P")]
    series = RadarSeries("<script>x</script>", {"expert": 50}, 'evil" onload="alert(1)')
    svg = radar_svg(axes, [series], title="<script>t</script>")
    assert "<script" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == "<script>t</script>"
    labels = root.findall(".//svg:text[@class='radar-label']", NS)
    assert "".join(labels[0].itertext()) == "<script>alert(1)</script>"
    polygon = series_polygons(root)[0]
    assert polygon.get("onload") is None
    assert polygon.get("class") == 'radar-series evil" onload="alert(1)'


@pytest.mark.parametrize("count", [3, 4, 6, 8])
def test_supports_three_to_eight_axes(count):
    axes = [(f"c{i}", f"Axis {i}") for i in range(count)]
    root = parse(radar_svg(axes, [RadarSeries("S", {"c0": 100}, "s")]))
    assert len(root.findall(".//svg:text[@class='radar-label']", NS)) == count
    assert len(polygon_points(series_polygons(root)[0])) == count


@pytest.mark.parametrize("count", [0, 2, 9])
def test_rejects_other_axis_counts(count):
    with pytest.raises(ValueError, match="3 to 8 axes"):
        radar_svg([(f"c{i}", f"Axis {i}") for i in range(count)], [])


def test_label_anchors_follow_the_side():
    root = parse(radar_svg(AXES, []))
    anchors = [label.get("text-anchor") for label in root.findall(".//svg:text[@class='radar-label']", NS)]
    assert anchors == ["middle", "start", "start", "end", "end"]


def test_long_labels_wrap_at_spaces_and_after_hyphens():
    axes = [("a", "Организационно-управленческая и проектная компетенция"), ("b", "Short label"), ("c", "C")]
    labels = parse(radar_svg(axes, [])).findall(".//svg:text[@class='radar-label']", NS)
    lines = [[tspan.text for tspan in label.findall("svg:tspan", NS)] for label in labels]
    assert lines[0] == ["Организационно-", "управленческая и", "проектная компетенция"]
    assert lines[1] == ["Short label"]
    ys = [float(tspan.get("y")) for tspan in labels[0].findall("svg:tspan", NS)]
    assert ys == sorted(ys)


def test_russian_numbers_use_a_decimal_comma():
    with translation.override("ru"):
        svg = radar_svg(AXES, [RadarSeries("Сейчас", {"expert": 62.5}, "radar-self")])
    assert "62,5" in parse(svg).find("svg:desc", NS).text
