# bench/lib.sh: sourced by the benchmark scripts once they have set top
# (the source tree): the build they time (BUILD, default _build/main),
# where their files go (OUT, default bench/out), time(1) installed.
build=${BUILD:-$top/_build/main}
out=${OUT:-$top/bench/out}
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "installing time(1)"; apt-get install -y -qq time > /dev/null; }

# bench_db CREDITDESK DB PWFILE: a new office database DB with an
# administrator (admin) and a clerk (clerk), both with the password in
# PWFILE.  Administrators do not import (README, who may do what): a
# clerk does.
bench_db() {
	"$1" --db "$2" --password-file "$3" init --admin admin --name bench \
		--unit 黑河市公共信用信息中心 --division 231100 --level city > /dev/null
	"$1" --db "$2" --user admin --password-file "$3" user add clerk --name 录入 \
		--role clerk --unit 黑河市公共信用信息中心 --new-password-file "$3" > /dev/null
}
