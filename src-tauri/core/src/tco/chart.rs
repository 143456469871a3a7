//! "Cumulative cost per option over the years", described once for every renderer.
//!
//! [`cumulative_cost_chart`] turns results into a [`ChartSpec`]: series of points whose
//! values are exact `Decimal`s (serialised as strings, like all money), axis ticks at
//! round values, and labels. [`to_svg`] draws it for the UI and the HTML memo; the PDF
//! renderer draws the same spec as vectors. The chart must read in black and white, so
//! series differ by dash pattern and marker shape, never by colour alone.
//!
//! Floating point appears only in [`to_svg`], for drawing coordinates, never for money.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::Comparison;
use super::results::ComparisonResults;
use crate::markup::escape;
use crate::Result;

/// Which cumulative cost to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChartBasis {
    Nominal,
    PresentValue,
}

/// A renderer-neutral line chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartSpec {
    pub title: String,
    pub x_axis: Axis,
    pub y_axis: Axis,
    pub series: Vec<Series>,
}

/// An axis: its label and ticks; the first and last tick are the axis's ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Axis {
    pub label: String,
    pub ticks: Vec<Tick>,
}

/// A labelled value on an axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tick {
    pub value: Decimal,
    pub label: String,
}

/// One option's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    pub name: String,
    /// Stroke dash lengths in points, alternating on/off; empty for a solid line.
    pub dash: Vec<u32>,
    pub marker: Marker,
    pub points: Vec<Point>,
}

/// Marker shapes, the second cue after the dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// A point: the year-end and the cumulative cost up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    pub year: u32,
    pub value: Decimal,
}

/// Dash patterns that stay distinct when printed in grey.
const DASHES: [&[u32]; 6] = [
    &[],
    &[8, 4],
    &[2, 3],
    &[10, 3, 2, 3],
    &[14, 6],
    &[4, 2, 1, 2],
];
const MARKERS: [Marker; 5] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
];

/// What the comparison editor shows beside the form: the figures and the chart drawn
/// from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Calculation {
    pub results: ComparisonResults,
    /// Drawn here from the figures, every text in it escaped.
    pub chart_svg: String,
}

/// Calculates a comparison as entered (saved or not) and draws its cumulative cost on
/// `basis`.
pub fn calculate(comparison: &Comparison, basis: ChartBasis) -> Result<Calculation> {
    let results = super::compare(comparison)?;
    let chart_svg = to_svg(&cumulative_cost_chart(&results, basis));
    Ok(Calculation { results, chart_svg })
}

/// The cumulative cost of every option (baseline first), year 0 to the horizon.
pub fn cumulative_cost_chart(results: &ComparisonResults, basis: ChartBasis) -> ChartSpec {
    let series: Vec<Series> = results
        .options
        .iter()
        .enumerate()
        .map(|(index, option)| Series {
            name: if option.is_baseline {
                format!("{} (baseline)", option.name)
            } else {
                option.name.clone()
            },
            dash: DASHES[index % DASHES.len()].to_vec(),
            marker: MARKERS[index % MARKERS.len()],
            points: option
                .years
                .iter()
                .map(|year| Point {
                    year: year.year,
                    value: match basis {
                        ChartBasis::Nominal => year.cumulative_nominal,
                        ChartBasis::PresentValue => year.cumulative_present_value,
                    },
                })
                .collect(),
        })
        .collect();
    let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.value));
    let low = values.clone().fold(Decimal::ZERO, Decimal::min);
    let high = values.fold(Decimal::ZERO, Decimal::max);
    let horizon = results.horizon_years;
    let year_step = match horizon {
        0..=10 => 1,
        11..=20 => 2,
        _ => 5,
    };
    let first_label = results.years.get(1).map_or("", |y| y.label.as_str());
    ChartSpec {
        title: match basis {
            ChartBasis::Nominal => "Cumulative cost by option".to_owned(),
            ChartBasis::PresentValue => "Cumulative cost by option (present value)".to_owned(),
        },
        x_axis: Axis {
            label: format!("Year (0 = up front, 1 = {first_label})"),
            ticks: (0..=horizon)
                .filter(|year| year % year_step == 0 || *year == horizon)
                .map(|year| Tick {
                    value: Decimal::from(year),
                    label: year.to_string(),
                })
                .collect(),
        },
        y_axis: Axis {
            label: match basis {
                ChartBasis::Nominal => "Cumulative cost (USD)".to_owned(),
                ChartBasis::PresentValue => "Cumulative present value (USD)".to_owned(),
            },
            ticks: nice_ticks(low, high)
                .into_iter()
                .map(|value| Tick {
                    value,
                    label: money_label(value),
                })
                .collect(),
        },
        series,
    }
}

/// Ticks at multiples of 1, 2 or 5 × 10ⁿ covering `low..=high` in about five steps.
/// Arithmetic is checked: near Decimal's limits the ticks are just the two ends.
pub fn nice_ticks(low: Decimal, high: Decimal) -> Vec<Decimal> {
    let span = match high.checked_sub(low) {
        Some(span) if span > Decimal::ZERO => span,
        Some(_) => return vec![low, low + Decimal::ONE],
        None => return vec![low, high],
    };
    let rough = span / Decimal::from(5);
    let mut magnitude = Decimal::ONE;
    while let Some(bigger) = magnitude.checked_mul(Decimal::TEN).filter(|m| *m <= rough) {
        magnitude = bigger;
    }
    while magnitude > rough {
        magnitude /= Decimal::TEN;
    }
    let Some(step) = [1, 2, 5, 10]
        .into_iter()
        .filter_map(|n| magnitude.checked_mul(Decimal::from(n)))
        .find(|step| *step >= rough)
    else {
        return vec![low, high];
    };
    let (Some(first), Some(last)) = (
        ((low / step).floor()).checked_mul(step),
        ((high / step).ceil()).checked_mul(step),
    ) else {
        return vec![low, high];
    };
    let mut ticks = Vec::new();
    let mut tick = Some(first);
    while let Some(value) = tick.filter(|t| *t <= last) {
        ticks.push(value.normalize());
        tick = value.checked_add(step);
    }
    ticks
}

/// "$0", "$750", "$250k", "$1.5M", "-$20k".
fn money_label(value: Decimal) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let value = value.abs();
    let (scaled, suffix) = if value >= Decimal::from(1_000_000) {
        (value / Decimal::from(1_000_000), "M")
    } else if value >= Decimal::from(1_000) {
        (value / Decimal::from(1_000), "k")
    } else {
        (value, "")
    };
    format!("{sign}${}{suffix}", scaled.round_dp(2).normalize())
}

/// Draws the chart as a self-contained SVG (no fonts or scripts loaded), 720 wide. The
/// legend sits under the plot, one option per row, so long option names fit; the height
/// grows with the number of options.
pub fn to_svg(spec: &ChartSpec) -> String {
    const WIDTH: f64 = 720.0;
    const LEFT: f64 = 80.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 40.0;
    const LEGEND_ROW: f64 = 20.0;
    /// Characters of an option name that fit on a legend row at 12 px.
    const LEGEND_CHARS: usize = 90;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = 280.0;
    let legend_top = TOP + plot_h + 62.0;
    let height = legend_top + spec.series.len() as f64 * LEGEND_ROW + 8.0;
    let ends = |axis: &Axis| {
        let first = axis.ticks.first().map_or(0.0, |t| to_f64(t.value));
        let last = axis.ticks.last().map_or(1.0, |t| to_f64(t.value));
        (first, if last > first { last } else { first + 1.0 })
    };
    let (x0, x1) = ends(&spec.x_axis);
    let (y0, y1) = ends(&spec.y_axis);
    let x = |year: f64| LEFT + (year - x0) / (x1 - x0) * plot_w;
    let y = |value: f64| TOP + (y1 - value) / (y1 - y0) * plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="12" role="img" aria-label="{}">"#,
        escape(&spec.title)
    );
    let _ = write!(svg, "<title>{}</title>", escape(&spec.title));
    let _ = write!(
        svg,
        r#"<rect width="{WIDTH}" height="{height}" fill="white"/><text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape(&spec.title)
    );
    // Grid and ticks.
    for tick in &spec.y_axis.ticks {
        let ty = y(to_f64(tick.value));
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}" stroke="#bbb" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            LEFT + plot_w,
            LEFT - 6.0,
            ty + 4.0,
            escape(&tick.label)
        );
    }
    for tick in &spec.x_axis.ticks {
        let tx = x(to_f64(tick.value));
        let _ = write!(
            svg,
            r#"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{:.1}" stroke="black"/><text x="{tx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            TOP + plot_h,
            TOP + plot_h + 5.0,
            TOP + plot_h + 18.0,
            escape(&tick.label)
        );
    }
    let _ = write!(
        svg,
        r#"<path d="M{LEFT},{TOP} V{:.1} H{:.1}" fill="none" stroke="black"/>"#,
        TOP + plot_h,
        LEFT + plot_w
    );
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        LEFT + plot_w / 2.0,
        TOP + plot_h + 38.0,
        escape(&spec.x_axis.label),
        TOP + plot_h / 2.0,
        escape(&spec.y_axis.label)
    );
    // Lines, markers and the legend.
    let show_markers = spec.series.first().is_some_and(|s| s.points.len() <= 16);
    for (index, series) in spec.series.iter().enumerate() {
        let dash = dash_attribute(&series.dash);
        let path: Vec<String> = series
            .points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(f64::from(p.year)), y(to_f64(p.value))))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="black" stroke-width="1.6"{dash}/>"#,
            path.join(" ")
        );
        if show_markers {
            for point in &series.points {
                svg.push_str(&marker(
                    series.marker,
                    x(f64::from(point.year)),
                    y(to_f64(point.value)),
                ));
            }
        }
        let ly = legend_top + index as f64 * LEGEND_ROW;
        let lx = LEFT;
        let _ = write!(
            svg,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="black" stroke-width="1.6"{dash}/>"#,
            lx + 36.0
        );
        svg.push_str(&marker(series.marker, lx + 18.0, ly));
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 44.0,
            ly + 4.0,
            escape(&shorten(&series.name, LEGEND_CHARS))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The name, cut with an ellipsis if a legend row cannot hold it.
fn shorten(name: &str, chars: usize) -> String {
    if name.chars().count() <= chars {
        name.to_owned()
    } else {
        let mut short: String = name.chars().take(chars - 1).collect();
        short.push('…');
        short
    }
}

fn dash_attribute(dash: &[u32]) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        let lengths: Vec<String> = dash.iter().map(u32::to_string).collect();
        format!(r#" stroke-dasharray="{}""#, lengths.join(" "))
    }
}

fn marker(shape: Marker, cx: f64, cy: f64) -> String {
    match shape {
        Marker::Circle => format!(r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="3" fill="black"/>"#),
        Marker::Square => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="6" height="6" fill="white" stroke="black"/>"#,
            cx - 3.0,
            cy - 3.0
        ),
        Marker::Triangle => format!(
            r#"<path d="M{cx:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="black"/>"#,
            cy - 4.0,
            cx + 3.5,
            cy + 2.5,
            cx - 3.5,
            cy + 2.5
        ),
        Marker::Diamond => format!(
            r#"<path d="M{cx:.1},{:.1} L{:.1},{cy:.1} L{cx:.1},{:.1} L{:.1},{cy:.1} Z" fill="white" stroke="black"/>"#,
            cy - 4.0,
            cx + 4.0,
            cy + 4.0,
            cx - 4.0
        ),
        Marker::Cross => format!(
            r#"<path d="M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}" stroke="black" stroke-width="1.4"/>"#,
            cx - 3.5,
            cy - 3.5,
            cx + 3.5,
            cy + 3.5,
            cx - 3.5,
            cy + 3.5,
            cx + 3.5,
            cy - 3.5
        ),
    }
}

/// Drawing coordinates only: money never passes through here on its way to a figure.
fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tco::compare;
    use crate::tco::tests::three_option_comparison;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn ticks_are_round_numbers_that_cover_every_value() {
        let ticks = nice_ticks(d("0"), d("751510.15"));
        assert_eq!(
            ticks,
            ["0", "200000", "400000", "600000", "800000"]
                .map(d)
                .to_vec(),
            "a clerk reads $200k steps, not $150,302.03 steps"
        );
        let ticks = nice_ticks(d("-1200"), d("3400"));
        assert_eq!(
            ticks,
            ["-2000", "-1000", "0", "1000", "2000", "3000", "4000"]
                .map(d)
                .to_vec()
        );
        assert_eq!(nice_ticks(d("0"), d("0")), vec![d("0"), d("1")]);
        let ticks = nice_ticks(d("0.00"), d("0.04"));
        assert_eq!(ticks.first(), Some(&d("0")));
        assert!(ticks.last().unwrap() >= &d("0.04"));
    }

    #[test]
    fn ticks_near_the_largest_decimal_do_not_crash_the_chart() {
        let ticks = nice_ticks(Decimal::MIN, Decimal::MAX);
        assert_eq!(ticks, vec![Decimal::MIN, Decimal::MAX]);
        let ticks = nice_ticks(Decimal::ZERO, Decimal::MAX);
        assert!(ticks.len() >= 2 && ticks[0] == Decimal::ZERO, "{ticks:?}");
    }

    #[test]
    fn money_labels_are_short() {
        assert_eq!(money_label(d("0")), "$0");
        assert_eq!(money_label(d("750")), "$750");
        assert_eq!(money_label(d("250000")), "$250k");
        assert_eq!(money_label(d("1500000")), "$1.5M");
        assert_eq!(money_label(d("-20000")), "-$20k");
    }

    #[test]
    fn the_chart_plots_each_options_cumulative_cost_exactly() {
        let results = compare(&three_option_comparison()).unwrap();
        let spec = cumulative_cost_chart(&results, ChartBasis::Nominal);
        assert_eq!(spec.series.len(), results.options.len());
        for (series, option) in spec.series.iter().zip(&results.options) {
            assert_eq!(series.points.len(), results.horizon_years as usize + 1);
            assert_eq!(
                series.points.last().unwrap().value,
                option.nominal_total,
                "the chart's last point for {} must be the table's nominal total",
                option.name
            );
        }
        let top = spec.y_axis.ticks.last().unwrap().value;
        assert!(spec
            .series
            .iter()
            .all(|s| s.points.iter().all(|p| p.value <= top)));
        let dashes: std::collections::HashSet<_> = spec.series.iter().map(|s| &s.dash).collect();
        assert_eq!(
            dashes.len(),
            spec.series.len(),
            "in black and white every line must differ"
        );
        let json = serde_json::to_value(&spec).unwrap();
        assert!(
            json["series"][0]["points"][1]["value"].is_string(),
            "money stays a string"
        );
    }

    #[test]
    fn the_svg_has_a_legend_axis_labels_and_escaped_text() {
        let mut comparison = three_option_comparison();
        comparison.options[0].name = "Smith & Sons <\"Cloud\">".into();
        let results = compare(&comparison).unwrap();
        let svg = to_svg(&cumulative_cost_chart(&results, ChartBasis::PresentValue));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains("Smith &amp; Sons &lt;&quot;Cloud&quot;&gt;"),
            "names must be escaped"
        );
        assert!(
            !svg.contains("Smith & Sons"),
            "raw text would break the SVG"
        );
        assert!(svg.contains("Cumulative present value (USD)"));
        assert!(svg.contains("Year (0 = up front, 1 = FY2026)"));
        assert!(
            svg.contains(r#"stroke-dasharray="8 4""#),
            "the second line is dashed"
        );
        assert_eq!(svg.matches("<polyline").count(), results.options.len());
    }

    #[test]
    fn a_long_option_name_is_cut_in_the_legend_not_off_the_page() {
        let long = "Cloud utility billing, customer portal and payments through the NASPO \
                    ValuePoint cloud solutions master agreement, including migration";
        assert_eq!(shorten("Own RFP", 90), "Own RFP");
        let short = shorten(long, 90);
        assert_eq!(short.chars().count(), 90);
        assert!(short.ends_with('…') && long.starts_with(short.trim_end_matches('…')));
    }
}
