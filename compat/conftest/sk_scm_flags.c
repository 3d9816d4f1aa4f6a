// SPDX-License-Identifier: GPL-2.0
/* CABI_HAVE_SK_SCM_FLAGS: SO_PASSCRED and friends are bits of struct sock (6.16+) */
#include <net/sock.h>

int cabi_conftest(struct sock *sk)
{
	return sk->sk_scm_credentials | sk->sk_scm_security;
}
