// Mozilla User Preferences
user_pref("network.cookie.cookieBehavior", 5);
user_pref("a.b", "str \"with\" escapes \\ \u00e9");
pref("x", true);
lockPref("y", -12);
user_pref("bad" 3;
/* c */ user_pref("z", false);
