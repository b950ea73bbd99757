//! The example runs and prints what its guest wrote.

#[test]
fn the_example_prints_the_guests_output_and_file() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_embedding"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "exit code: 0\nstdout: Hello, world! (from the embedding example)\n\
         /data/greeted.txt: greeted world\n"
    );
}
