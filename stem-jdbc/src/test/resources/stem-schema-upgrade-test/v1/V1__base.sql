CREATE TABLE ${prefix}widgets (id bigint PRIMARY KEY);
