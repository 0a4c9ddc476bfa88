//! Parsing that cannot mislead: the filled part returned, labels from any column, class names
//! from a header or the labels, errors that quote the text; the standardizer refusing
//! non-finite data.

use constnet::data::{
    parse_csv, read_csv, CsvOptions, Header, LabelColumn, ParseErrorKind, ReadError,
    StandardizeError, Standardizer,
};
use constnet::train::Sample;

fn buf<const I: usize>() -> Vec<Sample<f32, I, usize>> {
    vec![Sample::new([0.0; I], 0); 10]
}

#[test]
fn a_buffer_longer_than_the_file_gives_only_the_rows_read() {
    let mut b = buf::<2>();
    let csv = parse_csv("1,2,0\n3,4,1\n\n", CsvOptions::<2>::new(), &mut b).unwrap();
    assert_eq!(
        csv.samples,
        &[Sample::new([1.0, 2.0], 0), Sample::new([3.0, 4.0], 1)]
    );
    assert_eq!(csv.names, [None, None]);
}

#[test]
fn the_label_may_be_in_any_column() {
    let mut b = buf::<2>();
    let text = "2,0.5,7\n1,0.25,8\n";
    let first = parse_csv(
        text,
        CsvOptions::<3>::new().label(LabelColumn::First),
        &mut b,
    )
    .unwrap();
    assert_eq!(first.samples[0], Sample::new([0.5, 7.0], 2));
    let text = "0.5,2,7\n0.25,1,8\n";
    let mid = parse_csv(
        text,
        CsvOptions::<3>::new().label(LabelColumn::At(1)),
        &mut b,
    )
    .unwrap();
    assert_eq!(mid.samples[1], Sample::new([0.25, 8.0], 1));
    // A label out of range: the error quotes the text and names the field.
    let e = parse_csv("1.5,2,520\n", CsvOptions::<3>::new(), &mut b).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, field 3 (`520`): label 520 is not below the number of classes, 3"
    );
}

#[test]
fn class_names_come_from_the_header_the_options_or_the_labels() {
    let mut b = buf::<2>();
    let text = "4,2,cat,dog\n0.1,0.2,dog\n0.3,0.4,0\n0.5,0.6,cat\n";
    let csv = parse_csv(text, CsvOptions::<2>::new().header(Header::Sklearn), &mut b).unwrap();
    assert_eq!(csv.names, [Some("cat"), Some("dog")]);
    assert_eq!(
        csv.samples.iter().map(|s| s.y).collect::<Vec<_>>(),
        [1, 0, 0]
    );
    let e = parse_csv(
        "4,2,cat,dog\n0.1,0.2,cow\n",
        CsvOptions::<2>::new().header(Header::Sklearn),
        &mut b,
    )
    .unwrap_err();
    assert_eq!(
        (e.line, e.field, e.kind),
        (2, 3, ParseErrorKind::UnknownClass)
    );
    assert_eq!(
        e.to_string(),
        "line 2, field 3 (`cow`): not one of the class names the header gives"
    );
    // The header's feature count is checked.
    let e = parse_csv(
        "4,3,cat,dog\n",
        CsvOptions::<2>::new().header(Header::Sklearn),
        &mut b,
    )
    .unwrap_err();
    assert_eq!((e.line, e.field), (1, 2));

    let given = CsvOptions::new().names(["low", "mid", "high"]);
    let csv = parse_csv("1,2,high\n3,4,low\n5,6,1\n", given, &mut b).unwrap();
    assert_eq!(
        csv.samples.iter().map(|s| s.y).collect::<Vec<_>>(),
        [2, 0, 1]
    );
    assert_eq!(csv.names, [Some("low"), Some("mid"), Some("high")]);

    let csv = parse_csv("1,2,b\n3,4,a\n5,6,b\n", CsvOptions::<2>::new(), &mut b).unwrap();
    assert_eq!(
        csv.names,
        [Some("b"), Some("a")],
        "in order of first appearance"
    );
    assert_eq!(
        csv.samples.iter().map(|s| s.y).collect::<Vec<_>>(),
        [0, 1, 0]
    );
    let e = parse_csv("1,2,b\n3,4,a\n5,6,c\n", CsvOptions::<2>::new(), &mut b).unwrap_err();
    assert_eq!(
        (e.line, e.kind),
        (3, ParseErrorKind::TooManyClasses { classes: 2 })
    );
}

#[test]
fn errors_quote_the_offending_text() {
    let mut b = buf::<2>();
    let e = parse_csv("1,2,0\n1,2\n", CsvOptions::<2>::new(), &mut b).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2 (`1,2`): expected 3 fields (features and label), found 2"
    );
    let long = format!("1,{},0\n", "9".repeat(60) + "x");
    let e = parse_csv(&long, CsvOptions::<2>::new(), &mut b).unwrap_err();
    assert!(e.text.was_cut());
    assert_eq!(e.text.as_str(), "9".repeat(40));
    assert!(e.to_string().contains(&format!("(`{}…`)", "9".repeat(40))));
    let e = parse_csv("1,-1,-1\n", CsvOptions::<2>::new(), &mut b).unwrap_err();
    assert_eq!((e.field, e.kind), (3, ParseErrorKind::BadLabel));
    let mut small = vec![Sample::new([0.0f32; 2], 0); 1];
    let e = parse_csv("1,2,0\n3,4,1\n", CsvOptions::<2>::new(), &mut small).unwrap_err();
    assert_eq!(
        (e.line, e.kind),
        (2, ParseErrorKind::TooManyRows { capacity: 1 })
    );
}

#[test]
fn read_csv_reads_a_whole_file() {
    let dir = std::env::temp_dir().join(format!("constnet-read-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("three.csv");
    std::fs::write(&path, "x,y,label\n1,2,a\n3,4,b\n5,6,a\n").unwrap();
    let data = read_csv::<f32, 2, 2>(&path, CsvOptions::new().header(Header::Lines(1))).unwrap();
    assert_eq!(data.samples.len(), 3);
    assert_eq!(data.names, [Some("a".to_string()), Some("b".to_string())]);
    std::fs::write(&path, "1,2,a\n3,x,b\n").unwrap();
    match read_csv::<f32, 2, 2>(&path, CsvOptions::new()) {
        Err(ReadError::Parse(e)) => assert_eq!((e.line, e.field), (2, 2)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_csv::<f32, 2, 2>(dir.join("missing.csv"), CsvOptions::new()),
        Err(ReadError::Io(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_standardizer_refuses_non_finite_features() {
    let mut d = [
        Sample::new([1.0f64, 2.0, 3.0], 0usize),
        Sample::new([1.5, 2.5, 3.5], 1),
        Sample::new([2.0, 3.0, 4.0], 0),
    ];
    d[2].x[1] = f64::NAN;
    assert!(matches!(
        Standardizer::fit(&d),
        Err(StandardizeError::NonFinite { sample: 2, feature: 1, value }) if value.is_nan()
    ));
    d[2].x[1] = f64::INFINITY;
    assert_eq!(
        Standardizer::fit(&d).unwrap_err().to_string(),
        "sample 2, feature 1 is inf: standardising needs finite features"
    );
    let none: [Sample<f64, 3, usize>; 0] = [];
    assert_eq!(Standardizer::fit(&none), Err(StandardizeError::NoSamples));
}

mod travels_with_the_model {
    //! The standardiser as the network's first layer: trained through, saved and loaded with the
    //! weights in every format, so the deployed network takes raw features.

    use constnet::data::Standardizer;
    use constnet::init::Init;
    use constnet::io::{from_bytes, to_bytes, to_rust_source};
    use constnet::nalgebra::SMatrix;
    use constnet::optim::{Adam, AdamConfig};
    use constnet::prelude::*;
    use constnet::train::{fit, FitConfig, Sample};
    use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

    type Deployed = (
        Standardize<3, f64>,
        Dense<3, 4, f64>,
        Tanh,
        Dense<4, 2, f64>,
    );

    fn raw() -> Vec<Sample<f64, 3, usize>> {
        (0..40)
            .map(|k| {
                let a = k as f64;
                Sample::new([100.0 + 3.0 * a, 0.01 * a, -5.0 + (a * 0.7).sin()], k % 2)
            })
            .collect()
    }

    fn deployed() -> Deployed {
        let s = Standardizer::fit(&raw()).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let (d1, t, d2) = <(Dense<3, 4, f64>, Tanh, Dense<4, 2, f64>)>::default()
            .initialized(Init::XAVIER_UNIFORM, &mut rng);
        (Standardize::from(&s), d1, t, d2)
    }

    #[test]
    fn the_layer_is_the_standardizer() {
        let net = deployed();
        let s = net.0.standardizer();
        for sample in raw() {
            let x = SMatrix::<f64, 3, 1>::from(sample.x);
            let by_layer = net.0.forward(&x);
            let by_hand = s.transform(&sample.x);
            assert_eq!(by_layer.as_slice(), &by_hand[..]);
        }
    }

    /// Training on raw features leaves the statistics alone (they are buffers, not parameters)
    /// and moves the other layers.
    #[test]
    fn training_through_it_keeps_its_statistics() {
        let mut net = deployed();
        let before = net;
        let mut adam = Adam::new(
            &net,
            AdamConfig {
                lr: 0.05,
                ..Default::default()
            },
        );
        let mut data = raw();
        let cfg = FitConfig::<8> {
            epochs: 5,
            ..FitConfig::default()
        };
        fit(
            &mut net,
            &mut adam,
            &CrossEntropy,
            &mut data,
            &[],
            cfg,
            |_| {},
        )
        .unwrap();
        assert_eq!(net.0, before.0);
        assert_ne!(net.1, before.1);
    }

    /// ∂L/∂x through the layer, against central differences in f64.
    #[test]
    fn its_input_gradient_is_the_finite_difference() {
        let net = deployed();
        let x = SMatrix::<f64, 3, 1>::new(130.0, 0.2, -4.5);
        let t = [1usize];
        let dx = net.input_gradient(&CrossEntropy, &x, &t);
        for i in 0..3 {
            let h = 1e-6 * x[i].abs().max(1.0);
            let (mut up, mut down) = (x, x);
            up[i] += h;
            down[i] -= h;
            let fd = (CrossEntropy.value(&net.forward(&up), &t)
                - CrossEntropy.value(&net.forward(&down), &t))
                / (2.0 * h);
            assert!(
                (dx[i] - fd).abs() <= 1e-7 * fd.abs().max(1e-3),
                "feature {i}: {} vs {fd}",
                dx[i]
            );
        }
    }

    #[test]
    fn bytes_and_rust_source_carry_the_statistics() {
        let net = deployed();
        let mut buf = vec![0u8; 4096];
        let n = to_bytes(&net, &mut buf).unwrap();
        let back: Deployed = from_bytes(&buf[..n]).unwrap();
        assert_eq!(back, net);
        let src = to_rust_source(&net, "MODEL", "Deployed").unwrap();
        let named = constnet::io::to_rust_source_with_classes(
            &net,
            "MODEL",
            "Deployed",
            &["even", "odd \"quoted\""],
        )
        .unwrap();
        assert_eq!(
            named.strip_prefix(src.as_str()),
            Some("pub static MODEL_CLASSES: [&str; 2] = [\"even\", \"odd \\\"quoted\\\"\"];\n")
        );
        let mean = net.0.mean();
        assert!(
            src.contains(&format!(
                "constnet::Standardize::<3, f64>::from_parts([{:?}, ",
                mean[0]
            )),
            "{src}"
        );
    }

    #[cfg(feature = "safetensors")]
    #[test]
    fn safetensors_carries_the_statistics() {
        use constnet::io::safetensors::{load_safetensors, to_safetensors};
        let net = deployed();
        let bytes = to_safetensors(&net).unwrap();
        let text = String::from_utf8_lossy(&bytes[..200]).to_string();
        assert!(text.contains("0.mean") && text.contains("0.std"), "{text}");
        let mut back = Deployed::default();
        load_safetensors(&mut back, &bytes).unwrap();
        assert_eq!(back, net);
        // The class names travel in the header's metadata.
        use constnet::io::safetensors::{safetensors_metadata, to_safetensors_with_metadata};
        let named = to_safetensors_with_metadata(&net, &[("classes", "even,odd")]).unwrap();
        assert_eq!(safetensors_metadata(&named).unwrap()["classes"], "even,odd");
        assert!(safetensors_metadata(&bytes).unwrap().is_empty());
        let mut back = Deployed::default();
        load_safetensors(&mut back, &named).unwrap();
        assert_eq!(back, net);
        assert!(safetensors_metadata(b"not a file").is_err());
    }
}
