#!/bin/sh
# tests/login_guess.sh: locks that hold (issue 17).  The sign-in limit
# holds against guessing in parallel: each attempt is counted before the
# password is checked, in a transaction of its own, so of 12 wrong
# passwords at once exactly 5 are checked and the account is locked;
# every failure, a wrong user name included, gets the same answer.  A
# new database, its WAL and SHM are its owner's alone whatever the umask.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 12
init_db
A="--db $db --user admin --password-file $tmp/pw"
add_clerk zhangwei
echo 'not-the-password' > "$tmp/wrong"
i=0
while [ $i -lt 12 ]; do
	"$CD" --db "$db" --user zhangwei --password-file "$tmp/wrong" import --history \
		> "$tmp/try.$i" 2>&1 &
	i=$((i + 1))
done
wait
count() { sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = '$1'"; }
check "12 sign-ins at once: 5 passwords checked and wrong" test "$(count user.login_failed)" -eq 5
check "7 refused without a check: the account was locked" test "$(count user.login_refused)" -eq 7
check "the count stands at the limit" \
	test "$(sqlite3 "$db" "SELECT failed_logins FROM app_user WHERE login = 'zhangwei'")" -eq 5
check "every attempt got the same answer" test "$(cat "$tmp"/try.* | sort -u | wc -l)" -eq 1
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import --history \
	> "$tmp/right" 2>&1
check "the right password no longer opens it" cmp -s "$tmp/right" "$tmp/try.0"
"$CD" --db "$db" --user nobody --password-file "$tmp/clerk.pw" import --history \
	> "$tmp/nobody" 2>&1
check "a user name that does not exist gets the same answer" cmp -s "$tmp/nobody" "$tmp/try.0"
sqlite3 "$db" "UPDATE app_user SET failed_logins = 0 WHERE login = 'zhangwei'"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import --history \
	> "$tmp/after" 2>&1
check "unlocked, the right password opens it" test $? -eq 0
"$CD" --db "$db" --user zhangwei --password-file "$tmp/no-such.pw" import --history \
	> "$tmp/nofile" 2>&1
check "a password file that is not there is named, with why" \
	grep -q "cannot read the password file $tmp/no-such.pw: No such file or directory" "$tmp/nofile"
: > "$tmp/empty.pw"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/empty.pw" import --history \
	> "$tmp/emptyfile" 2>&1
check "an empty one is called empty" grep -q "password file $tmp/empty.pw is empty" "$tmp/emptyfile"
mode() { stat -c %a "$1"; }
(umask 002; "$CD" --db "$tmp/u.db" --password-file "$tmp/pw" init --admin admin --name 管理员 \
	--unit 黑河市公共信用信息中心 --division 231100 --level city > /dev/null)
check "a database made under umask 002 is 0600" test "$(mode "$tmp/u.db")" = 600
# the WAL and SHM last while a program has the database open
mkfifo "$tmp/hold"
(umask 000; sqlite3 "$tmp/u.db" < "$tmp/hold" > /dev/null) &
holder=$!
exec 3> "$tmp/hold"
echo "SELECT count(*) FROM app_user;" >&3
(umask 000; "$CD" --db "$tmp/u.db" --user admin --password-file "$tmp/pw" user add lisi \
	--name 李四 --role clerk --unit 黑河市公共信用信息中心 \
	--new-password-file "$tmp/clerk.pw" > /dev/null)
mode "$tmp/u.db-wal" > "$tmp/walmode" 2>&1
mode "$tmp/u.db-shm" > "$tmp/shmmode" 2>&1
exec 3>&-
wait $holder
check "its WAL is 0600 too" test "$(cat "$tmp/walmode" 2>/dev/null)" = 600
check "and its SHM" test "$(cat "$tmp/shmmode" 2>/dev/null)" = 600
finish
