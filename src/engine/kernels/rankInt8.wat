;; The int8 first pass of the rank search (src/engine/retrievalWasm.ts; the bound it applies is
;; proved in src/engine/retrievalQuantize.ts). For 4 queries x 2 bank rows at a time it forms the
;; exact integer dot products of the quantised rows (i8, -127..127) with the queries' b_hi bytes;
;; each query is two byte vectors, b_hi and the residual b_lo (q ≈ beta (b_hi + b_lo / 126), each
;; stored offset by 64: 1..127, so relaxed_dot's i7 operand is never negative and every engine
;; returns the same integers), and b_lo is read only for the rows the wide estimate cannot settle.
;; It turns the integers into score estimates and, with each row's error bound
;;  - counts rows certainly above the query's target score (lower bound > target score),
;;  - keeps the T largest lower bounds (ascending, [0] is the running threshold tau),
;;  - lists rows to rescore exactly: those whose interval holds the target score (stored as ~j)
;;    and those whose upper bound reaches tau (could enter the top T; stored as j).
;; Built by scripts/build-rank-wasm.mjs twice: as written (relaxed SIMD) and with every
;; relaxed_dot rewritten to plain SIMD (same integers), into rankInt8Wasm.ts.
;; `exact_h` / `exact_f` (exactScore.wat, included by the build) give the exact score's dot product.
;; `dot` gives one such integer dot product alone: the host checks the relaxed build with it before
;; trusting it (Node 20's experimental relaxed_dot doubled the products and dropped the addend).
;; Memory (imported, laid out by the caller; all offsets in bytes):
;;   rows   [*, dp] i8, dp a multiple of 16, zero padding; one zero row past the last when odd
;;   meta   [*, 4] f64 per row: C (score per unit of dot), E, A (bound terms), S (sum of the row)
;;   qs     [4 * ng, 2, dp] u8 per query: b_hi + 64, b_lo + 64
;;   qp     [4 * ng, 8] f64: beta, beta / 126, |q|, F_wide, F_narrow (rounded up), target score
;;   lbs    [4 * ng, T] f64;  greater [4 * ng] i32;  cand [4 * ng, cap] i32;  ccount [4 * ng] i32
(module
  (import "env" "memory" (memory 1))
  (global $lbs (mut i32) (i32.const 0))
  (global $T (mut i32) (i32.const 0))
  (global $greater (mut i32) (i32.const 0))
  (global $cand (mut i32) (i32.const 0))
  (global $ccount (mut i32) (i32.const 0))
  (global $cap (mut i32) (i32.const 0))
  ;; set by scan for $post and $dotLo
  (global $rows (mut i32) (i32.const 0))
  (global $meta (mut i32) (i32.const 0))
  (global $dp (mut i32) (i32.const 0))
  (global $qs (mut i32) (i32.const 0))
  (global $qp (mut i32) (i32.const 0))

  ;; Σ a_i b_i over n blocks of 16 bytes at a (i8, -127..127) and b (u8, 1..127), as scan forms it.
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $x v128) (local $y v128) (local $acc v128) (local $o i32)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $o) (i32.shl (local.get $n) (i32.const 4))))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $o))))
        (local.set $y (v128.load (i32.add (local.get $b) (local.get $o))))
        (local.set $acc (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x) (local.get $y) (local.get $acc)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $blocks)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; @include exactScore.wat

  ;; Where the per-query state lives (set once per search).
  (func (export "state")
    (param $lbs i32) (param $T i32) (param $greater i32) (param $cand i32) (param $ccount i32)
    (param $cap i32)
    (global.set $lbs (local.get $lbs))
    (global.set $T (local.get $T))
    (global.set $greater (local.get $greater))
    (global.set $cand (local.get $cand))
    (global.set $ccount (local.get $ccount))
    (global.set $cap (local.get $cap)))

  ;; One (query, row) pair. hi holds four partial integer sums of the row with the query's b_hi
  ;; bytes; the wide estimate (beta b_hi) settles most rows; a row it cannot settle gets the dot
  ;; with b_lo too (q ≈ beta (b_hi + b_lo / 126)) and is judged on the narrow estimate.
  (func $hsum (param $v v128) (result f64)
    (f64.convert_i32_s
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
        (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))))

  ;; Σ row_i (b_lo,i + 64) of row j and query q's b_lo bytes.
  (func $dotLo (param $q i32) (param $j i32) (result f64)
    (local $r i32) (local $b i32) (local $o i32) (local $x v128) (local $y v128) (local $acc v128)
    (local.set $r (i32.add (global.get $rows) (i32.mul (local.get $j) (global.get $dp))))
    (local.set $b
      (i32.add (global.get $qs)
        (i32.mul (i32.add (i32.shl (local.get $q) (i32.const 1)) (i32.const 1)) (global.get $dp))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $o) (global.get $dp)))
        (local.set $x (v128.load (i32.add (local.get $r) (local.get $o))))
        (local.set $y (v128.load (i32.add (local.get $b) (local.get $o))))
        (local.set $acc (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x) (local.get $y) (local.get $acc)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $blocks)))
    (call $hsum (local.get $acc)))

  ;; qp per query (8 f64): beta, beta / 126, |q|, F_wide, F_narrow, target score (rounded-up norms)
  (func $post (param $q i32) (param $j i32) (param $hi v128)
    (local $m i32) (local $p i32) (local $dhi f64) (local $est f64) (local $bnd f64) (local $e f64)
    (local $lb f64) (local $ub f64) (local $st f64) (local $tau f64) (local $undecided i32)
    (local $l i32) (local $i i32) (local $c i32)
    (local.set $m (i32.add (global.get $meta) (i32.shl (local.get $j) (i32.const 5))))
    (local.set $p (i32.add (global.get $qp) (i32.shl (local.get $q) (i32.const 6))))
    (local.set $l
      (i32.add (global.get $lbs) (i32.shl (i32.mul (local.get $q) (global.get $T)) (i32.const 3))))
    (local.set $tau (f64.load (local.get $l)))
    (local.set $st (f64.load offset=40 (local.get $p)))
    ;; dot_hi - 64 S: exact integer;  e = |q| E (the row's term of both bounds)
    (local.set $dhi
      (f64.sub (call $hsum (local.get $hi)) (f64.mul (f64.const 64) (f64.load offset=24 (local.get $m)))))
    (local.set $e (f64.mul (f64.load offset=16 (local.get $p)) (f64.load offset=8 (local.get $m))))
    ;; wide: est = dot_hi C beta, bnd = |q| E + A F_wide
    (local.set $est (f64.mul (f64.mul (local.get $dhi) (f64.load (local.get $m))) (f64.load (local.get $p))))
    (local.set $bnd
      (f64.add (local.get $e) (f64.mul (f64.load offset=16 (local.get $m)) (f64.load offset=24 (local.get $p)))))
    (local.set $lb (f64.sub (local.get $est) (local.get $bnd)))
    (local.set $ub (f64.add (local.get $est) (local.get $bnd)))
    (if (i32.or
          (i32.and (f64.le (local.get $lb) (local.get $st)) (f64.ge (local.get $ub) (local.get $st)))
          (f64.ge (local.get $ub) (local.get $tau)))
      (then
        ;; narrow: est = (126 dot_hi + dot_lo - 64 S) C beta / 126, bnd = |q| E + A F_narrow
        (local.set $est
          (f64.mul
            (f64.mul
              (f64.add
                (f64.mul (f64.const 126) (local.get $dhi))
                (f64.sub (call $dotLo (local.get $q) (local.get $j))
                  (f64.mul (f64.const 64) (f64.load offset=24 (local.get $m)))))
              (f64.load (local.get $m)))
            (f64.load offset=8 (local.get $p))))
        (local.set $bnd
          (f64.add (local.get $e) (f64.mul (f64.load offset=16 (local.get $m)) (f64.load offset=32 (local.get $p)))))
        (local.set $lb (f64.sub (local.get $est) (local.get $bnd)))
        (local.set $ub (f64.add (local.get $est) (local.get $bnd)))))
    (if (f64.gt (local.get $lb) (local.get $st))
      (then
        (local.set $c (i32.add (global.get $greater) (i32.shl (local.get $q) (i32.const 2))))
        (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1))))
      (else (local.set $undecided (f64.ge (local.get $ub) (local.get $st)))))
    (if (i32.or (local.get $undecided) (f64.ge (local.get $ub) (local.get $tau)))
      (then
        (local.set $c (i32.add (global.get $ccount) (i32.shl (local.get $q) (i32.const 2))))
        (i32.store
          (i32.add (global.get $cand)
            (i32.shl
              (i32.add (i32.mul (local.get $q) (global.get $cap)) (i32.load (local.get $c)))
              (i32.const 2)))
          (select (i32.xor (local.get $j) (i32.const -1)) (local.get $j) (local.get $undecided)))
        (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1)))))
    ;; insert lb into the ascending list when it beats the smallest (the smallest drops out)
    (if (f64.gt (local.get $lb) (local.get $tau))
      (then
        (local.set $i (i32.const 1))
        (block $placed
          (loop $shift
            (br_if $placed (i32.ge_u (local.get $i) (global.get $T)))
            (br_if $placed
              (f64.le (local.get $lb)
                (f64.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 3))))))
            (f64.store
              (i32.add (local.get $l) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3)))
              (f64.load (i32.add (local.get $l) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $shift)))
        (f64.store
          (i32.add (local.get $l) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3)))
          (local.get $lb)))))

  ;; Rows [from, to) against query groups [0, ng) (4 queries each): row pairs inner, so a pair's
  ;; 2 * dp bytes are read once per 4 queries and the caller's row chunk stays in cache across
  ;; the groups.
  (func (export "scan")
    (param $rows i32) (param $meta i32) (param $from i32) (param $to i32) (param $dp i32)
    (param $qs i32) (param $qp i32) (param $ng i32)
    (local $g i32) (local $j i32) (local $o i32) (local $q0 i32) (local $r0 i32) (local $r1 i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (global.set $rows (local.get $rows))
    (global.set $meta (local.get $meta))
    (global.set $dp (local.get $dp))
    (global.set $qs (local.get $qs))
    (global.set $qp (local.get $qp))
    (block $groups_done
      (loop $groups
        (br_if $groups_done (i32.ge_u (local.get $g) (local.get $ng)))
        ;; queries 4g .. 4g + 3: their b_hi bytes are 2 dp apart
        (local.set $q0
          (i32.add (local.get $qs) (i32.mul (i32.shl (local.get $g) (i32.const 3)) (local.get $dp))))
        (local.set $j (local.get $from))
        (block $rows_done
          (loop $pairs
            (br_if $rows_done (i32.ge_u (local.get $j) (local.get $to)))
            (local.set $r0 (i32.add (local.get $rows) (i32.mul (local.get $j) (local.get $dp))))
            (local.set $r1 (i32.add (local.get $r0) (local.get $dp)))
            (local.set $a00 (v128.const i32x4 0 0 0 0))
            (local.set $a01 (v128.const i32x4 0 0 0 0))
            (local.set $a10 (v128.const i32x4 0 0 0 0))
            (local.set $a11 (v128.const i32x4 0 0 0 0))
            (local.set $a20 (v128.const i32x4 0 0 0 0))
            (local.set $a21 (v128.const i32x4 0 0 0 0))
            (local.set $a30 (v128.const i32x4 0 0 0 0))
            (local.set $a31 (v128.const i32x4 0 0 0 0))
            (local.set $o (i32.const 0))
            (loop $lanes
              (local.set $x0 (v128.load (i32.add (local.get $r0) (local.get $o))))
              (local.set $x1 (v128.load (i32.add (local.get $r1) (local.get $o))))
              (local.set $y (v128.load (i32.add (local.get $q0) (local.get $o))))
              (local.set $a00 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x0) (local.get $y) (local.get $a00)))
              (local.set $a01 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x1) (local.get $y) (local.get $a01)))
              (local.set $y
                (v128.load
                  (i32.add (i32.add (local.get $q0) (i32.shl (local.get $dp) (i32.const 1)))
                    (local.get $o))))
              (local.set $a10 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x0) (local.get $y) (local.get $a10)))
              (local.set $a11 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x1) (local.get $y) (local.get $a11)))
              (local.set $y
                (v128.load
                  (i32.add (i32.add (local.get $q0) (i32.shl (local.get $dp) (i32.const 2)))
                    (local.get $o))))
              (local.set $a20 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x0) (local.get $y) (local.get $a20)))
              (local.set $a21 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x1) (local.get $y) (local.get $a21)))
              (local.set $y
                (v128.load
                  (i32.add
                    (i32.add (local.get $q0) (i32.mul (local.get $dp) (i32.const 6)))
                    (local.get $o))))
              (local.set $a30 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x0) (local.get $y) (local.get $a30)))
              (local.set $a31 (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $x1) (local.get $y) (local.get $a31)))
              (local.set $o (i32.add (local.get $o) (i32.const 16)))
              (br_if $lanes (i32.lt_u (local.get $o) (local.get $dp))))
            (local.set $o (i32.shl (local.get $g) (i32.const 2)))
            (call $post (local.get $o) (local.get $j) (local.get $a00))
            (call $post (i32.add (local.get $o) (i32.const 1)) (local.get $j) (local.get $a10))
            (call $post (i32.add (local.get $o) (i32.const 2)) (local.get $j) (local.get $a20))
            (call $post (i32.add (local.get $o) (i32.const 3)) (local.get $j) (local.get $a30))
            (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $to))
              (then
                (local.set $r0 (i32.add (local.get $j) (i32.const 1)))
                (call $post (local.get $o) (local.get $r0) (local.get $a01))
                (call $post (i32.add (local.get $o) (i32.const 1)) (local.get $r0) (local.get $a11))
                (call $post (i32.add (local.get $o) (i32.const 2)) (local.get $r0) (local.get $a21))
                (call $post (i32.add (local.get $o) (i32.const 3)) (local.get $r0) (local.get $a31))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $groups)))))
