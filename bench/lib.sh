# bench/lib.sh: sourced by the benchmark scripts.

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
