//! Faults of the machine, not of the project: a full disk, a read-only disk, symbolic links
//! that loop. Each gives a clear message and loses nothing.

use crate::Project;
use std::process::Command;

/// Runs `script` with `sh` as root of its own user and mount namespace, where it may mount a
/// small tmpfs (a disk that fills up) at `$DISK`. `None` where the kernel does not allow that.
fn in_own_mounts(project: &Project, script: &str) -> Option<String> {
    let probe = Command::new("unshare").args(["--user", "--map-root-user", "--mount", "true"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        // On a developer's machine a note; in CI (which can allow it) the test must not vanish.
        assert!(std::env::var_os("CI").is_none(), "CI must allow user namespaces (unshare) for the disk fault tests");
        eprintln!("skipped: this machine does not allow user namespaces (unshare), needed to mount a small disk");
        return None;
    }
    let disk = project.dir.join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .current_dir(&project.dir)
        .env("DISK", &disk)
        .env("CXSITE", env!("CARGO_BIN_EXE_cxsite"))
        .env("NO_COLOR", "1")
        .env_remove("CXSITE_PERIOD")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the script failed:\n{text}");
    Some(text)
}

/// The start of each script: a 4 MiB disk with a first site on it, copied to `before`.
const FIRST_SITE: &str = r##"
    set -e
    mount -t tmpfs -o size=4m tmpfs "$DISK"
    "$CXSITE" build -q --output "$DISK/public"
    cp -r "$DISK/public" before
"##;

/// The end of each script: the second build, its exit code and whether the site changed.
const SECOND_BUILD: &str = r##"
    set +e
    "$CXSITE" build -q --output "$DISK/public"
    echo "exit code $?"
    diff -r before "$DISK/public" >/dev/null && echo "previous site unchanged"
    ls -A "$DISK"
"##;

#[test]
fn a_full_disk_stops_the_build_with_a_hint_and_keeps_the_previous_site() {
    let project = Project::fixture("shop");
    // The disk filled up but for 64 KiB: too little for the second site, which is written
    // beside the first.
    let fill = r##"
        echo "# changed" >> content/journeys/buy.yaml
        dd if=/dev/zero of="$DISK/spare" bs=64k count=1 2>/dev/null
        dd if=/dev/zero of="$DISK/filler" bs=64k 2>/dev/null || true
        rm "$DISK/spare"
    "##;
    let Some(out) = in_own_mounts(&project, &[FIRST_SITE, fill, SECOND_BUILD].concat()) else { return };
    assert!(out.contains("exit code 2"), "{out}");
    assert!(out.contains("cannot write the site: No space left on device"), "{out}");
    assert!(out.contains("the previous site is left as it was"), "{out}");
    assert!(out.contains("hint: free some space on this disk"), "{out}");
    assert!(out.contains("previous site unchanged"), "{out}");
    // The half-written new site was removed: only the site and the filler are on the disk.
    let on_disk: Vec<&str> =
        out.lines().filter(|l| ["filler", "public", ".public.cxsite"].iter().any(|p| l.starts_with(p))).collect();
    assert_eq!(on_disk, ["filler", "public"], "{out}");
}

#[test]
fn a_site_a_killed_build_left_aside_is_put_back_even_when_the_next_build_fails() {
    let project = Project::fixture("shop");
    // Killed between the two renames of a swap: the site sits aside, no `public/`. Then the
    // disk fills, so the next build cannot write its own site.
    let killed = r##"
        echo "# changed" >> content/journeys/buy.yaml
        mv "$DISK/public" "$DISK/.public.cxsite-old"
        dd if=/dev/zero of="$DISK/filler" bs=64k 2>/dev/null || true
    "##;
    let Some(out) = in_own_mounts(&project, &[FIRST_SITE, killed, SECOND_BUILD].concat()) else { return };
    assert!(out.contains("exit code 2"), "{out}");
    assert!(out.contains("the previous site is left as it was"), "{out}");
    assert!(out.contains("previous site unchanged"), "the site is back in place: {out}");
    assert!(!out.lines().any(|l| l.starts_with(".public.cxsite")), "{out}");
}

#[test]
fn an_output_that_is_a_mount_point_is_explained_and_leaves_nothing() {
    let project = Project::fixture("shop");
    let script = r##"
        set -e
        mount -t tmpfs -o size=4m tmpfs "$DISK"
        mkdir "$DISK/site"
        mount -t tmpfs -o size=4m tmpfs "$DISK/site"
        set +e
        "$CXSITE" build -q --output "$DISK/site"
        echo "exit code $?"
        ls -A "$DISK"
    "##;
    let Some(out) = in_own_mounts(&project, script) else { return };
    assert!(out.contains("exit code 2"), "{out}");
    assert!(out.contains("hint: the output folder is a mount point"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with(".site.cxsite")), "the staging folder is removed: {out}");
}

#[test]
fn a_read_only_disk_stops_the_build_with_a_hint_and_keeps_the_previous_site() {
    let project = Project::fixture("shop");
    let protect = "\n    mount -o remount,ro \"$DISK\"\n";
    let Some(out) = in_own_mounts(&project, &[FIRST_SITE, protect, SECOND_BUILD].concat()) else { return };
    assert!(out.contains("exit code 2"), "{out}");
    assert!(out.contains("Read-only file system"), "{out}");
    assert!(out.contains("hint: this disk is read-only"), "{out}");
    assert!(out.contains("previous site unchanged"), "{out}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_that_loop_are_named_once_each() {
    let project = Project::fixture("shop");
    project.run(&["build"]).expect(0);
    let before = crate::snapshot(&project.dir.join("public"));
    std::os::unix::fs::symlink("..", project.dir.join("content/up")).unwrap();
    std::os::unix::fs::symlink("itself", project.dir.join("content/itself")).unwrap();
    let run = project.run(&["build"]).expect(1);
    // `content/up` leads back to the project folder: the loop shows one level down.
    for link in ["content/up/content/up", "content/itself"] {
        let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with(&format!("{link}:"))).collect();
        assert_eq!(lines.len(), 1, "{link} once:\n{}", run.stderr);
        assert!(lines[0].contains("error"), "{}", run.stderr);
    }
    assert!(run.stderr.contains("remove symbolic links that loop"), "{}", run.stderr);
    assert_eq!(crate::snapshot(&project.dir.join("public")), before);
}
