from okrcli.entry import main

main()
